"""Runner and holder phones over the large scenario: accuracy against its ground truth, and time.

    python -m benchmarks.comms_staff [--cache /tmp/linewatch-bench-comms]

Uses (and if need be generates) the same cached "large" scenario as ``benchmarks.comms``
(about 10.5 million call records, 40 lines in 8 sub-worlds). The baseline is the rule a
contacts-only picture supports: among the numbers a line rings (the same candidates), its most
frequent contact is the holder and the rest are runners. Both are scored against the truth per
line: precision and recall of (line, phone, role), over the flagged numbers that really are
deal lines; the phones named on a number flagged in error are counted apart, as that error is
the deal-line detector's.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from benchmarks.comms import SIZES, world
from linewatch.access import system_access
from linewatch.comms import LINE_HOLDER, RUNNER, CallStore, LineStaff, analyse, import_calls
from linewatch.comms import line_staff as find_line_staff
from linewatch.scenario import GroundTruth, load_ground_truth
from linewatch.store import Store

T = TypeVar("T")
Found = set[tuple[str, str, str]]


def timed(label: str, work: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    value = work()
    took = time.perf_counter() - started
    print(f"  {label:<52} {took:8.2f} s", flush=True)
    return value, took


def truth_roles(truth: GroundTruth) -> Found:
    found: Found = set()
    for line in truth.lines:
        for key in line.runners:
            found |= {(line.line_id, n, RUNNER) for n in truth.people[key].phones}
        found |= {(line.line_id, n, LINE_HOLDER) for n in truth.people[line.holder].phones}
    return found


def by_cells(truth: GroundTruth, staff: list[LineStaff]) -> Found:
    found: Found = set()
    for line in staff:
        owner = truth.line_of_number(line.line)
        line_id = owner.line_id if owner else f"not a line: {line.line}"
        found |= {
            (line_id, p.number, p.role) for p in line.phones if p.role in (RUNNER, LINE_HOLDER)
        }
    return found


def by_most_contact(truth: GroundTruth, staff: list[LineStaff]) -> Found:
    found: Found = set()
    for line in staff:
        owner = truth.line_of_number(line.line)
        line_id = owner.line_id if owner else f"not a line: {line.line}"
        ranked = sorted(
            line.phones, key=lambda p: (-(p.calls_from_line + p.calls_to_line + p.texts), p.number)
        )
        for rank, phone in enumerate(ranked):
            found.add((line_id, phone.number, LINE_HOLDER if rank == 0 else RUNNER))
    return found


def report(name: str, found: Found, true: Found) -> None:
    wrong_lines = {f for f in found if f[0].startswith("not a line")}
    found -= wrong_lines
    lines = {f[0] for f in found}
    true = {t for t in true if t[0] in lines}  # lines neither method saw are no one's miss
    print(
        f"  {name:<28} {len(wrong_lines)} phones named on "
        f"{len({f[0] for f in wrong_lines})} numbers flagged in error (left out below)"
    )
    for role in (RUNNER, LINE_HOLDER):
        got = {f for f in found if f[2] == role}
        want = {t for t in true if t[2] == role}
        hits = len(got & want)
        precision = hits / len(got) if got else 0.0
        recall = hits / len(want) if want else 0.0
        print(
            f"  {name:<28} {role:<12} precision {precision:.3f}  recall {recall:.3f}  "
            f"({hits} of {len(want)} true, {len(got)} found)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/linewatch-bench-comms"))
    args = parser.parse_args()
    # The large scenario the comms benchmark generates (and caches) for its biggest size.
    calls = world(args.cache, SIZES[-1]) / "calls"
    truth = load_ground_truth(calls.parent)
    print(f"{len(truth.lines)} lines in the ground truth ({os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory(dir=args.cache) as work:
        os.environ["LINEWATCH_DATA_DIR"] = str(Path(work) / "data")
        store = Store(f"sqlite:///{work}/linewatch.db")
        store.migrate()
        access = system_access(store, "Benchmarking runner and holder identification")
        print("Preparing")
        imported, _ = timed("import the call records", lambda: import_calls(access, calls))
        print(f"    {sum(r.rows_loaded for r in imported):,} call records")
        result, _ = timed("deal-line analysis", lambda: analyse(access))
        lines = sorted(s.number for s in result.flagged)
        print(f"    {len(lines)} deal numbers flagged")
        print("Runner and holder phones")
        with CallStore() as store_calls:
            staff, _ = timed(
                f"all {len(lines)} flagged lines at once",
                lambda: find_line_staff(store_calls, lines),
            )
            timed("one line (as its page asks)", lambda: find_line_staff(store_calls, lines[:1]))
        store.dispose()
    true = truth_roles(truth)
    print("Against the ground truth (lines flagged)")
    report("cell sites and journeys", by_cells(truth, staff), true)
    report("baseline: most contacted", by_most_contact(truth, staff), true)


if __name__ == "__main__":
    main()
