"""How well extraction reads reports: precision, recall and F1 per kind, on a fixed split.

The scenario writes, for every report, the entities its text names exactly as written (its
``mentions``); those are the true annotations. Per report, the set of cleaned values extracted
of a kind is compared with the set of cleaned values of the true mentions of that kind; a
partial plate is compared by what was read ("AB12", "KXA"), never completed.

Reports whose reference hashes into a fixed 30% bucket are the held-back part: the rules are
tuned on the rest only, so the held-back figures say how they do on reports not seen.

Indicators have no annotations. They are scored per report against the ground truth's
account of what each report was about: "indicator" (any indicator) against whether the report
concerns a line at all, and "indicator:cuckooing" against reports about a cuckooed address.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from linewatch.collect.extract import extract
from linewatch.collect.extract_items import KIND_PROPERTY, Extraction, clean_value
from linewatch.types import vrm

HELD_BACK_PERCENT = 30
# Kinds read from mentions, and the report-level indicator kinds.
MENTION_KINDS = ("phone", "vrm", "postcode", "address", "place", "person", "street_name", "line")
INDICATOR_KINDS = ("indicator", "indicator:cuckooing")
# Report kinds (ground truth) in which a cuckooed address is what the report is about.
_CUCKOO_REPORTS = frozenset({"cuckoo", "housing", "adult_care"})
_MENTION_KIND = {prop: kind for kind, prop in KIND_PROPERTY.items()}


class Score(NamedTuple):
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class TrueMention:
    schema: str
    prop: str
    text: str
    # What the words refer to, where the ground truth says (a full VRM for a partial plate).
    entity: str | None = None


@dataclass(frozen=True)
class ScoredReport:
    reference: str
    text: str
    mentions: tuple[TrueMention, ...]
    # From ground_truth.json: the line the report is about (None: about no line) and its kind.
    line_id: str | None = None
    kind: str | None = None


def is_held_back(reference: str) -> bool:
    """True for the reports the rules are never tuned on (a fixed 30% by reference hash)."""
    digest = hashlib.sha256(reference.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % 100 < HELD_BACK_PERCENT


def split(reports: Iterable[ScoredReport]) -> tuple[list[ScoredReport], list[ScoredReport]]:
    """(tuning part, held-back part)."""
    tuning: list[ScoredReport] = []
    held: list[ScoredReport] = []
    for report in reports:
        (held if is_held_back(report.reference) else tuning).append(report)
    return tuning, held


def load_corpus(folder: Path | str) -> list[ScoredReport]:
    """The reports of a scenario folder with their true mentions (and, where the folder has
    ground_truth.json, what each report was about)."""
    root = Path(folder)
    truth: dict[str, Any] = {}
    if (root / "ground_truth.json").exists():
        truth = json.loads((root / "ground_truth.json").read_text("utf-8")).get("reports", {})
    reports = []
    with (root / "reports.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            reports.append(_scored(row, truth.get(row["reference"])))
    return reports


def _scored(row: Mapping[str, Any], truth: Mapping[str, Any] | None) -> ScoredReport:
    if truth is not None:
        mentions = tuple(
            TrueMention(m["schema"], m["property"], m["text"], m.get("entity"))
            for m in truth["mentions"]
        )
        return ScoredReport(
            row["reference"], row["text"], mentions, truth.get("line_id"), truth.get("kind")
        )
    mentions = tuple(
        TrueMention(m["schema"], prop, str(value))
        for m in row.get("mentions") or []
        for prop, value in m["properties"].items()
    )
    return ScoredReport(row["reference"], row["text"], mentions)


def _partial_key(text: str) -> tuple[str, str]:
    return ("partial", vrm.compact(text))


def true_values(report: ScoredReport, kind: str) -> set[tuple[str, str]]:
    """The cleaned values of the report's true mentions of ``kind``, tagged full or partial."""
    values = set()
    for m in report.mentions:
        if _MENTION_KIND.get((m.schema, m.prop)) != kind:
            continue
        if kind == "vrm" and m.entity is not None and vrm.compact(m.text) != m.entity:
            values.add(_partial_key(m.text))
            continue
        if kind == "vrm" and m.entity is None and not _dated_plate(m.text):
            values.add(_partial_key(m.text))
            continue
        try:
            values.add(("full", _comparable(kind, clean_value(kind, m.text))))
        except ValueError:
            values.add(("unreadable", m.text))
    return values


def _dated_plate(text: str) -> bool:
    """Without ground truth a plate counts as whole only in a dated format (current, prefix,
    suffix): "AB12" or "KXA" alone are read as what was seen of one."""
    try:
        return vrm.format_of(text) in {"current", "prefix", "suffix"}
    except ValueError:
        return False


def found_values(extraction: Extraction, kind: str) -> set[tuple[str, str]]:
    return {
        _partial_key(item.text)
        if item.partial or item.value is None
        else ("full", _comparable(kind, item.value))
        for item in extraction.of(kind)
    }


def _comparable(kind: str, value: str) -> str:
    # Names and addresses are compared as words: "The Rec" at a sentence start is "the Rec".
    return value if kind in {"phone", "vrm", "postcode", "imei", "imsi"} else value.casefold()


def _indicator_truth(report: ScoredReport, kind: str) -> bool | None:
    if report.kind is None:
        return None
    if kind == "indicator":
        return report.line_id is not None
    return report.kind in _CUCKOO_REPORTS


def _indicator_found(extraction: Extraction, kind: str) -> bool:
    if kind == "indicator":
        return bool(extraction.indicators)
    return "cuckooing" in extraction.indicator_codes


def _score(tp: int, fp: int, fn: int) -> Score:
    # Finding nothing is perfectly precise only when there was nothing to find.
    precision = tp / (tp + fp) if tp + fp else float(fn == 0)
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1, tp + fn)


def score_extraction(
    reports: Iterable[ScoredReport],
    kinds: Sequence[str] = MENTION_KINDS,
    *,
    extractor: Callable[[str], Extraction] = extract,
) -> dict[str, Score]:
    """Precision, recall, F1 and support (true items) per kind over ``reports``.

    ``extractor`` defaults to ``extract``; the benchmark passes a naive one to compare.
    Indicator kinds skip reports without ground truth.
    """
    counts = {kind: [0, 0, 0] for kind in kinds}
    for report in reports:
        extraction = extractor(report.text)
        for kind in kinds:
            tally = counts[kind]
            if kind in INDICATOR_KINDS:
                truth = _indicator_truth(report, kind)
                if truth is None:
                    continue
                found = _indicator_found(extraction, kind)
                tally[0] += found and truth
                tally[1] += found and not truth
                tally[2] += truth and not found
                continue
            expected, got = true_values(report, kind), found_values(extraction, kind)
            tally[0] += len(expected & got)
            tally[1] += len(got - expected)
            tally[2] += len(expected - got)
    return {kind: _score(*tally) for kind, tally in counts.items()}


def misses(
    reports: Iterable[ScoredReport], kind: str, *, extractor: Callable[[str], Extraction] = extract
) -> list[tuple[str, str, str]]:
    """(reference, "missed" or "extra", value) for every disagreement of one kind: what an
    engineer reads when tuning (on the tuning part only)."""
    out = []
    for report in reports:
        extraction = extractor(report.text)
        expected, got = true_values(report, kind), found_values(extraction, kind)
        out += [(report.reference, "missed", v[1]) for v in sorted(expected - got)]
        out += [(report.reference, "extra", v[1]) for v in sorted(got - expected)]
    return out
