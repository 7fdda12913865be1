"""Near-duplicate reports: the blocked comparison against comparing every pair in a channel.

    python -m benchmarks.near_duplicates [--scale demo] [--copies 60] [--seed 2026]

Takes the scenario's reports as they are written (their texts are templated, so unrelated
reports on one line read alike; the malformed rows the importer would quarantine are left
out), adds resubmitted copies up to two days after their original (a word dropped, case
changed, a line added), and finds the copies two ways: the method ``evaluate`` uses (same
channel and organisation, within seven days) and a baseline that compares every pair in a
channel and organisation whatever the time. Prints comparisons, seconds, precision and
recall for each.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from linewatch.evaluate.duplicates import THRESHOLD, WINDOW, ReportText, candidate_pairs
from linewatch.scenario import generate


def _scenario(scale: str, seed: int) -> list[ReportText]:
    with tempfile.TemporaryDirectory() as folder:
        generate(Path(folder), scale=scale, seed=seed, as_of=date(2026, 11, 28))
        lines = (Path(folder) / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    seen: set[tuple[str, str, str]] = set()
    made: list[ReportText] = []
    for line in lines:
        r = json.loads(line)
        key = (r["channel"], r["originating_org"], r["text"])
        try:
            when = datetime.fromisoformat(r["reported_at"])
        except ValueError:
            continue
        # A planted malformed row repeats a good one word for word; the importer refuses it.
        if key in seen:
            continue
        seen.add(key)
        made.append(ReportText(r["reference"], r["reference"], *key[:2], when, r["text"]))
    return made


def _perturb(text: str, rng: random.Random) -> str:
    words = text.split()
    match rng.randrange(3):
        case 0 if len(words) > 8:
            del words[rng.randrange(len(words))]
            return " ".join(words)
        case 1:
            return text.lower()
        case _:
            return "Sending again. " + text


def build(scale: str, copies: int, seed: int) -> tuple[list[ReportText], set[tuple[str, str]]]:
    rng = random.Random(seed)
    made = _scenario(scale, seed)
    truth: set[tuple[str, str]] = set()
    for n, original in enumerate(rng.sample(made, copies)):
        later = original.reported_at + timedelta(minutes=rng.randrange(30, 48 * 60))
        copy = ReportText(
            f"copy-{n}",
            f"IR-COPY-{n:04d}",
            original.channel,
            original.org,
            later,
            _perturb(original.text, rng),
        )
        made.append(copy)
        truth.add((original.id, copy.id))
    return made, truth


def run(
    name: str, reports: list[ReportText], truth: set[tuple[str, str]], window: timedelta
) -> None:
    compared = 0
    started = time.perf_counter()
    found = candidate_pairs(reports, window, THRESHOLD)
    seconds = time.perf_counter() - started
    ordered = sorted(reports, key=lambda r: (r.channel, r.org, r.reported_at))
    for i, later in enumerate(ordered):
        for earlier in reversed(ordered[:i]):
            if (earlier.channel, earlier.org) != (later.channel, later.org):
                break
            if later.reported_at - earlier.reported_at > window:
                break
            compared += 1
    # A copy linked to another copy of the same original is still a copy recognised.
    copies = {c for _, c in truth}
    pairs = {(o.id, c.id) for o, c, _ in found}
    right = {c for o, c in pairs if c in copies}
    precision = len(right) / len(pairs) if pairs else 1.0
    recall = len(right & copies) / len(copies)
    print(
        f"{name:<34} {compared:>10,} comparisons {seconds:>7.2f} s "
        f"precision {precision:.3f} recall {recall:.3f} ({len(pairs)} flagged)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="demo")
    parser.add_argument("--copies", type=int, default=60)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    reports, truth = build(args.scale, args.copies, args.seed)
    print(f"{len(reports)} {args.scale} scenario reports, {len(truth)} of them planted copies")
    run(f"blocked, window {WINDOW.days} days", reports, truth, WINDOW)
    run("baseline: every pair in a channel", reports, truth, timedelta(days=10_000))


if __name__ == "__main__":
    main()
