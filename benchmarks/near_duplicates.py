"""Near-duplicate reports: the blocked comparison against comparing every pair in a channel.

    python -m benchmarks.near_duplicates [--scale demo] [--copies 60] [--seed 2026]
                                         [--flood 10000]

Takes the scenario's reports as they are written (their texts are templated, so unrelated
reports on one line read alike; the malformed rows the importer would quarantine are left
out), adds resubmitted copies up to two days after their original (a word dropped, case
changed, a line added), and finds the copies two ways: the method ``evaluate`` uses (same
channel and organisation, within seven days) and a baseline that compares every pair in a
channel and organisation whatever the time. Prints comparisons, seconds, precision and
recall for each.

Then a flood: ``--flood`` templated reports all made at one hour (a partner file whose rows
carry one date), of which 500 are new and judged against the rest, as the processing queue
judges a slice of a bulk import. The matrix search ``evaluate`` uses is timed against
scoring one pair at a time, and both must find the same pairs.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from benchmarks.intake import report_text
from linewatch.evaluate.duplicates import THRESHOLD, WINDOW
from linewatch.evaluate.likeness import ReportText, _features, candidate_pairs
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


def _jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared) if a or b else 1.0


def one_pair_at_a_time(reports: list[ReportText], new: set[str]) -> list[tuple[str, str, float]]:
    """The baseline: each new report scored against every earlier one, each older one
    against the new ones before it (one block, so no window to look up), with the same
    features held as Python sets, the fastest way to score a single pair."""
    sets = [tuple(frozenset(part.tolist()) for part in _features(r.text)) for r in reports]
    found = []
    for i, later in enumerate(reports):
        best: tuple[str, float] | None = None
        for j in range(i - 1, -1, -1):
            if later.id in new or reports[j].id in new:
                (shingles_a, words_a), (shingles_b, words_b) = sets[j], sets[i]
                score = 0.0
                if words_a and words_b:
                    score = (_jaccard(shingles_a, shingles_b) + _jaccard(words_a, words_b)) / 2
                if score >= THRESHOLD and (best is None or score > best[1]):
                    best = (reports[j].id, score)
        if best is not None:
            found.append((best[0], later.id, best[1]))
    return sorted(found)


def flood(count: int) -> None:
    when = datetime(2026, 11, 20, 10, tzinfo=UTC)
    reports = [
        ReportText(f"f{n:06d}", f"F-{n:06d}", "PARTNER_AGENCY", "org", when, report_text(n))
        for n in range(count)
    ]
    new = {r.id for r in reports[count // 2 : count // 2 + 500]}
    started = time.perf_counter()
    found = sorted((o.id, c.id, s) for o, c, s in candidate_pairs(reports, WINDOW, THRESHOLD, new))
    matrix = time.perf_counter() - started
    started = time.perf_counter()
    expected = one_pair_at_a_time(reports, new)
    baseline = time.perf_counter() - started
    same = "same pairs" if found == expected else "DIFFERENT PAIRS"
    print(
        f"flood of {count:,} at one hour, 500 new: matrix {matrix:.2f} s, one pair at a time "
        f"{baseline:.2f} s ({baseline / matrix:.0f}x); {len(found)} copies found, {same}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="demo")
    parser.add_argument("--copies", type=int, default=60)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--flood", type=int, default=10_000)
    args = parser.parse_args()
    reports, truth = build(args.scale, args.copies, args.seed)
    print(f"{len(reports)} {args.scale} scenario reports, {len(truth)} of them planted copies")
    run(f"blocked, window {WINDOW.days} days", reports, truth, WINDOW)
    run("baseline: every pair in a channel", reports, truth, timedelta(days=10_000))
    flood(args.flood)


if __name__ == "__main__":
    main()
