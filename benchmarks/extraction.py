"""How well, and how fast, free-text extraction reads the scenario's reports.

    python -m benchmarks.extraction [--folder SCENARIO] [--seed 2026] [--repeat 3]

Generates the demo-scale scenario (or reads ``--folder``), scores ``collect.extract`` against
the reports' true mentions on the tuning part and on the held-back part (a fixed 30% by
reference hash, never tuned on), and times it in reports per second. A naive extractor (one
regular expression for mobiles, current-format plates and postcodes) is scored and timed in
the same run, so that the figures have something to be read against.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from linewatch.collect import Extraction, Found, ScoredReport, extract, load_corpus
from linewatch.collect.extract_score import (
    INDICATOR_KINDS,
    MENTION_KINDS,
    Score,
    score_extraction,
    split,
)
from linewatch.scenario import generate

Extractor = Callable[[str], Extraction]

_NAIVE = re.compile(
    r"(?P<phone>(?:\+44\s?|\b0)7\d{3}\s?\d{6}\b)"
    r"|(?P<vrm>\b[A-Z]{2}\d{2}\s?[A-Z]{3}\b)"
    r"|(?P<postcode>\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b)"
)


def _naive_value(kind: str, text: str) -> str:
    compact = re.sub(r"\s", "", text)
    if kind == "phone":
        return "+44" + compact.removeprefix("+44").removeprefix("0")
    if kind == "postcode":
        return f"{compact[:-3]} {compact[-3:]}"
    return compact


def naive_extract(text: str) -> Extraction:
    """The baseline: one regular expression, no context, no cleaning rules."""
    items = []
    for hit in _NAIVE.finditer(text):
        kind = hit.lastgroup or ""
        value = _naive_value(kind, hit.group())
        items.append(Found(kind, hit.start(), hit.end(), hit.group(), value, 1.0, "naive"))
    return Extraction(text, tuple(items))


def throughput(extractor: Extractor, reports: Sequence[ScoredReport], repeat: int) -> float:
    texts = [r.text for r in reports]
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for text in texts:
            extractor(text)
        best = min(best, time.perf_counter() - started)
    return len(texts) / best


def _cell(score: Score) -> str:
    return f"{score.precision:5.3f} {score.recall:5.3f} {score.f1:5.3f} {score.support:5d}"


def table(parts: dict[str, Sequence[ScoredReport]], extractors: dict[str, Extractor]) -> list[str]:
    kinds = (*MENTION_KINDS, *INDICATOR_KINDS)
    heading = f"{'kind':20s} {'extractor':9s}"
    rule = "-" * len(heading)
    for part in parts:
        heading += f" | {part + ' P':>11s} {'R':>5s} {'F1':>5s} {'n':>5s}"
    lines = [heading, rule + "-" * (len(heading) - len(rule))]
    scores = {
        (name, part): score_extraction(reports, kinds, extractor=extractor)
        for name, extractor in extractors.items()
        for part, reports in parts.items()
    }
    for kind in kinds:
        for name in extractors:
            cells = " | ".join(f"{'':5s}{_cell(scores[name, part][kind])}" for part in parts)
            lines.append(f"{kind:20s} {name:9s} | {cells}")
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, help="a scenario folder (default: generate one)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3, help="timing runs (best is kept)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.folder
        if folder is None:
            folder = Path(scratch) / "demo"
            print(f"generating the demo scenario (seed {args.seed}) ...", flush=True)
            generate(folder, scale="demo", seed=args.seed, as_of=date(2026, 3, 1))
        corpus = load_corpus(folder)
    tuning, held = split(corpus)
    print(f"{len(corpus)} reports: {len(tuning)} tuning, {len(held)} held back\n")
    extractors: dict[str, Extractor] = {"extract": extract, "naive": naive_extract}
    for line in table({"tuning": tuning, "held-back": held}, extractors):
        print(line)
    print()
    for name, extractor in extractors.items():
        rate = throughput(extractor, corpus, args.repeat)
        print(f"throughput {name:8s} {rate:10,.0f} reports/s")


if __name__ == "__main__":
    main()
