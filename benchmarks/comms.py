"""Call data at scale: CSV import, every analysis from Parquet, and a pandas baseline.

    python -m benchmarks.comms [--cache /tmp/linewatch-bench-comms] [--sizes 1000000 10500000]

For each size the scenario generator writes a "large" world of about that many call records
(cached between runs) and the same records as CSV. Each step then runs in a process of its
own, so its peak resident memory (``ru_maxrss``) is its own: importing the CSV productions
into a fresh data folder and SQLite store; every analysis over the imported Parquet (deal-line
detection, the phones flagged lines talk to most, handset and SIM continuity, line handovers,
a line's life, cell sites by hour, activity by hour, co-location, and the whole ``analyse``
with its writes); and the same deal-line detection written idiomatically in pandas (vectorised
groupby, no loop over rows), scored with the same rules. Detection is scored against the
scenario's ground truth, the growth from the smallest size to the largest is shown, and each
target prints PASS or FAIL. The machine may be shared: the load average is printed with the
figures, which are wall-clock times.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pandas as pd

from linewatch import settings
from linewatch.comms import DealLineRules, NumberFigures
from linewatch.comms.features import LOCAL_ZONE
from linewatch.comms.rules import score

T = TypeVar("T")
SIZES = (1_000_000, 10_500_000)
# The targets, on a 2-core machine, for the largest size.
ANALYSES_S = 15.0
CSV_ROWS_PER_S = 1_000_000
PEAK_GIB = 4.0
PANDAS_RATIO = 3.0
ACCURACY = 0.95


def timed(work: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    value = work()
    return value, time.perf_counter() - started


def cpu_s() -> float:
    """CPU seconds this process has used (both cores): less sensitive to others' load."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_gib() -> float:
    """This process's peak resident memory (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def world(cache: Path, size: int) -> Path:
    """The scenario folder of about ``size`` call records, generated once."""
    from linewatch.scenario import generate

    folder = cache / f"world-{size}"
    if not (folder / "ground_truth.json").is_file():
        print(f"Generating a scenario of about {size:,} call records (once; cached)", flush=True)
        started = time.perf_counter()
        generate(folder, scale="large", seed=2026, as_of=date(2026, 11, 28), call_records=size)
        print(f"  generated in {time.perf_counter() - started:.0f} s", flush=True)
    return folder


def csv_copy(calls: Path, folder: Path) -> Path:
    """The same productions as CSV, written once with DuckDB."""
    if not folder.is_dir():
        print("Writing the productions as CSV (once; cached)", flush=True)
        staging = folder.with_name(f".{folder.name}-staging")
        staging.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect()
        con.execute("SET TimeZone = 'UTC'")
        for path in sorted(calls.glob("*.parquet")):
            con.execute(
                f"COPY (SELECT * FROM read_parquet('{path}')) "
                f"TO '{staging / (path.stem + '.csv')}' (HEADER)"
            )
        staging.rename(folder)
    return folder


def deal_lines_pandas(files: list[Path], rules: DealLineRules) -> set[str]:
    """The same figures as ``features.number_figures``, in vectorised pandas."""
    columns = ["timestamp", "calling_number", "called_number", "event_type", "duration_s"]
    df = pd.concat(
        [pd.read_parquet(p, columns=columns).assign(production_id=p.stem) for p in files],
        ignore_index=True,
    )
    df["event_type"] = df["event_type"].astype("category")
    sms = df.loc[df["event_type"] == "SMS", ["calling_number", "called_number", "timestamp"]]
    sms = sms.sort_values(["calling_number", "timestamp"], kind="stable")
    gap = sms.groupby("calling_number")["timestamp"].diff().dt.total_seconds()
    sms["burst"] = (gap.isna() | (gap > rules.flare_gap_s)).astype("int64")
    sms["burst"] = sms.groupby("calling_number")["burst"].cumsum()
    bursts = sms.groupby(["calling_number", "burst"]).agg(
        started=("timestamp", "min"),
        ended=("timestamp", "max"),
        recipients=("called_number", "nunique"),
        texts=("called_number", "size"),
    )
    bursts["span_s"] = (bursts["ended"] - bursts["started"]).dt.total_seconds()
    flare = bursts[
        (bursts["recipients"] >= rules.flare_min_recipients)
        & (bursts["recipients"] >= rules.flare_broadcast_share * bursts["texts"])
        & (bursts["span_s"] <= rules.flare_window_s)
    ].reset_index()
    flare["day"] = flare["started"].dt.tz_convert(LOCAL_ZONE).dt.date
    flares = flare.groupby("calling_number").agg(
        flare_bursts=("burst", "size"),
        flare_days=("day", "nunique"),
        flare_median_recipients=("recipients", "median"),
        flare_max_recipients=("recipients", "max"),
        flare_max_span_s=("span_s", "max"),
    )
    flares["flare_median_recipients"] = flares["flare_median_recipients"].round().astype(int)
    audience = sms.merge(flare[["calling_number", "burst"]], on=["calling_number", "burst"])
    audience = audience[["calling_number", "called_number"]].drop_duplicates()
    pairs = df.groupby(["calling_number", "called_number", "event_type"], observed=True).size()
    pairs = pairs.rename("n").reset_index()
    callers = pairs[["calling_number", "called_number"]].drop_duplicates()
    responded = audience.merge(
        callers.rename(columns={"calling_number": "m", "called_number": "calling_number"}),
        left_on=["calling_number", "called_number"],
        right_on=["calling_number", "m"],
        how="left",
    )
    responses = responded.groupby("calling_number").agg(
        flare_audience=("called_number", "size"), flare_responders=("m", "count")
    )
    inbound = callers.groupby("called_number")["calling_number"].nunique()
    inbound = inbound.rename("inbound_contacts")
    calls_out = pairs[pairs["event_type"] == "CALL"].groupby("calling_number")
    sms_out = pairs[pairs["event_type"] == "SMS"].groupby("calling_number")
    outbound = pd.DataFrame(
        {
            "outbound_calls": calls_out["n"].sum(),
            "outbound_call_contacts": calls_out.size(),
            "outbound_sms_contacts": sms_out.size(),
        }
    ).fillna(0)
    candidates = set(inbound[inbound >= rules.candidate_min_inbound].index) | set(flares.index)
    mine = df[df["calling_number"].isin(candidates)].assign(number=lambda d: d["calling_number"])
    theirs = df[df["called_number"].isin(candidates)].assign(number=lambda d: d["called_number"])
    involved = pd.concat([mine, theirs], ignore_index=True)
    local = involved["timestamp"].dt.tz_convert(LOCAL_ZONE)
    involved["day"] = local.dt.date
    hour = local.dt.hour
    involved["is_call"] = involved["event_type"] == "CALL"
    involved["short"] = involved["is_call"] & (involved["duration_s"] < rules.short_call_s)
    involved["evening"] = (hour >= rules.evening_from_hour) | (hour < rules.morning_hour)
    activity = involved.groupby("number").agg(
        events=("day", "size"),
        active_days=("day", "nunique"),
        first_day=("day", "min"),
        last_day=("day", "max"),
        calls=("is_call", "sum"),
        short_calls=("short", "sum"),
        evening_events=("evening", "sum"),
    )
    activity["days_in_use"] = (
        pd.to_datetime(activity["last_day"]) - pd.to_datetime(activity["first_day"])
    ).dt.days + 1
    table = (
        activity.join(inbound)
        .join(outbound)
        .join(flares)
        .join(responses)
        .fillna(0)
        .drop(columns=["first_day", "last_day"])
    )
    threshold = float(settings.get("deal_line_threshold"))
    flagged = set()
    fields = set(NumberFigures.__dataclass_fields__)
    # One NumberFigures per candidate (thousands, not millions of rows) to apply the same rules.
    for number, values in table.to_dict("index").items():
        figures: dict[str, Any] = {k: v for k, v in values.items() if k in fields}
        for key, value in figures.items():
            figures[key] = int(value)
        if score(NumberFigures(number=str(number), **figures), rules)[0] >= threshold:
            flagged.add(str(number))
    return flagged


def step_import(work: Path, csv_folder: Path) -> dict[str, Any]:
    from linewatch.access import system_access
    from linewatch.comms import import_calls
    from linewatch.store import Store

    store = Store(f"sqlite:///{work}/linewatch.db")
    store.migrate()
    access = system_access(store, "Benchmarking CSV import")
    cpu = cpu_s()
    results, took = timed(lambda: import_calls(access, csv_folder))
    cpu = cpu_s() - cpu
    store.dispose()
    return {
        "rows": sum(r.rows_total for r in results),
        "loaded": sum(r.rows_loaded for r in results),
        "quarantined": sum(r.rows_quarantined for r in results),
        "seconds": took,
        "cpu_s": cpu,
        "peak_gib": peak_gib(),
    }


def step_analyses(work: Path, truth_folder: Path) -> dict[str, Any]:
    from linewatch.access import system_access
    from linewatch.comms import (
        CallStore,
        activity_by_hour,
        analyse,
        co_location,
        find_handovers,
        line_life,
        whereabouts,
    )
    from linewatch.comms.features import number_figures, sightings, top_contacts
    from linewatch.scenario import load_ground_truth
    from linewatch.store import Store

    store = Store(f"sqlite:///{work}/linewatch.db")
    access = system_access(store, "Benchmarking communications analysis")
    rules = DealLineRules()
    threshold = float(settings.get("deal_line_threshold"))
    times: dict[str, float] = {}
    cpu = cpu_s()
    with CallStore() as calls:
        c = calls.con
        figures, times["deal-line detection"] = timed(lambda: number_figures(c, rules))
        lines = sorted(f.number for f in figures if score(f, rules)[0] >= threshold)
        contacts, times["runner/holder contact sets"] = timed(lambda: top_contacts(c, lines, rules))
        handovers, times["line handovers"] = timed(lambda: find_handovers(c, lines))
        numbers = {*lines, *(x.other for x in contacts)}
        _, times["handset and SIM continuity"] = timed(lambda: sightings(c, numbers))
        line = lines[0]
        runner = next((x.other for x in contacts if x.line == line), line)
        _, times["a line's life"] = timed(lambda: line_life(access, calls, line))
        _, times["cell sites by day and hour"] = timed(lambda: whereabouts(access, calls, line))
        _, times["activity by hour"] = timed(lambda: activity_by_hour(access, calls, line))
        _, times["co-location of line and runner"] = timed(
            lambda: co_location(access, calls, line, runner)
        )
    cpu = cpu_s() - cpu
    result, analyse_s = timed(lambda: analyse(access))
    store.dispose()
    truth = load_ground_truth(truth_folder)
    deal, flagged = truth.deal_numbers(), set(lines)
    true_handovers = {(h.old_number, h.new_number) for h in truth.handovers}
    found = {(h.old_number, h.new_number) for h in handovers}
    return {
        "times": times,
        "cpu_s": cpu,
        "analyse_s": analyse_s,
        "analyse_flagged": len(result.flagged),
        "lines": lines,
        "handovers": len(handovers),
        "precision": len(flagged & deal) / len(flagged) if flagged else 0.0,
        "recall": len(flagged & deal) / len(deal) if deal else 1.0,
        "handover_precision": len(found & true_handovers) / len(found) if found else 0.0,
        "handover_recall": (
            len(found & true_handovers) / len(true_handovers) if true_handovers else 1.0
        ),
        "peak_gib": peak_gib(),
    }


def step_pandas(work: Path) -> dict[str, Any]:
    files = sorted((work / "data" / "calls").glob("*.parquet"))
    cpu = cpu_s()
    lines, took = timed(lambda: deal_lines_pandas(files, DealLineRules()))
    cpu = cpu_s() - cpu
    return {"seconds": took, "cpu_s": cpu, "lines": sorted(lines), "peak_gib": peak_gib()}


STEPS: dict[str, Callable[..., dict[str, Any]]] = {
    "import": step_import,
    "analyses": step_analyses,
    "pandas": step_pandas,
}


def run_step(name: str, work: Path, *args: Path) -> dict[str, Any]:
    """Run one step in a process of its own (its memory is its own), and read its figures."""
    out = work / f"{name}.json"
    env = {**os.environ, "LINEWATCH_DATA_DIR": str(work / "data")}
    command = [sys.executable, "-m", "benchmarks.comms", "--step", name, str(out), str(work)]
    subprocess.run([*command, *map(str, args)], check=True, env=env)
    figures: dict[str, Any] = json.loads(out.read_text())
    return figures


def measure(cache: Path, size: int) -> dict[str, Any]:
    folder = world(cache, size)
    calls = folder / "calls"
    csv_folder = csv_copy(calls, cache / f"csv-{size}")
    with tempfile.TemporaryDirectory(dir=cache, prefix=".run-") as name:
        work = Path(name)
        print(f"Importing the CSV productions ({size:,})", flush=True)
        imported = run_step("import", work, csv_folder)
        print("Running the analyses over the imported Parquet", flush=True)
        analyses = run_step("analyses", work, folder)
        print("Running the pandas baseline", flush=True)
        baseline = run_step("pandas", work)
    return {"import": imported, "analyses": analyses, "pandas": baseline}


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(figures: dict[int, dict[str, Any]]) -> bool:
    sizes = sorted(figures)
    load = os.getloadavg()
    print(f"\n{os.cpu_count()} cores; load average now {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    heads = "".join(f"{figures[n]['import']['rows'] / 1e6:>12.2f}M" for n in sizes)
    growth = len(sizes) > 1
    print(f"{'seconds (wall clock)':<36}{heads}" + (f"{'growth':>10}" if growth else ""))

    def row(label: str, values: list[float], unit: str = "s") -> None:
        cells = "".join(f"{v:>12.2f}{unit}" for v in values)
        ratio = f"{values[-1] / values[0]:>9.1f}x" if growth and values[0] else ""
        print(f"{label:<36}{cells}{ratio}")

    def each(get: Callable[[dict[str, Any]], float]) -> list[float]:
        return [get(figures[n]) for n in sizes]

    row("import from CSV", each(lambda f: f["import"]["seconds"]))
    row(
        "  rows/s (millions)",
        each(lambda f: f["import"]["rows"] / f["import"]["seconds"] / 1e6),
        " ",
    )
    for name in figures[sizes[0]]["analyses"]["times"]:
        row(f"  {name}", [figures[n]["analyses"]["times"][name] for n in sizes])
    row("all analyses", each(lambda f: sum(f["analyses"]["times"].values())))
    row("analyse, end to end with its writes", each(lambda f: f["analyses"]["analyse_s"]))
    row("deal-line detection in pandas", each(lambda f: f["pandas"]["seconds"]))
    row(
        "  pandas / DuckDB",
        each(lambda f: f["pandas"]["seconds"] / f["analyses"]["times"]["deal-line detection"]),
        "x",
    )
    row("CPU seconds (both cores): import", each(lambda f: f["import"]["cpu_s"]))
    row("  all analyses", each(lambda f: f["analyses"]["cpu_s"]))
    row("  pandas deal-line detection", each(lambda f: f["pandas"]["cpu_s"]))
    row("peak memory, import (GiB)", each(lambda f: f["import"]["peak_gib"]), " ")
    row("peak memory, analyses (GiB)", each(lambda f: f["analyses"]["peak_gib"]), " ")
    row("peak memory, pandas (GiB)", each(lambda f: f["pandas"]["peak_gib"]), " ")
    for n in sizes:
        a = figures[n]["analyses"]
        differ = len(set(a["lines"]) ^ set(figures[n]["pandas"]["lines"]))
        agree = "agrees" if not differ else f"differs on {differ}"
        print(
            f"{n:,}: {len(a['lines'])} deal lines (precision {a['precision']:.2f}, recall "
            f"{a['recall']:.2f}; pandas {agree}), "
            f"{a['handovers']} handovers (precision {a['handover_precision']:.2f}, recall "
            f"{a['handover_recall']:.2f}); {figures[n]['import']['quarantined']:,} rows "
            "quarantined"
        )
    big = figures[sizes[-1]]
    a, total = big["analyses"], sum(big["analyses"]["times"].values())
    rate = big["import"]["rows"] / big["import"]["seconds"]
    ratio = big["pandas"]["seconds"] / a["times"]["deal-line detection"]
    peak = max(big[step]["peak_gib"] for step in ("import", "analyses"))
    checks = [
        (
            f"every analysis over {big['import']['rows']:,} records <= {ANALYSES_S:g} s",
            total <= ANALYSES_S,
            f"{total:.1f} s",
        ),
        (
            f"CSV import >= {CSV_ROWS_PER_S / 1e6:g} M rows/s",
            rate >= CSV_ROWS_PER_S,
            f"{rate / 1e6:.2f} M rows/s",
        ),
        (f"peak memory <= {PEAK_GIB:g} GiB", peak <= PEAK_GIB, f"{peak:.2f} GiB"),
        (
            f"deal-line detection >= {PANDAS_RATIO:g}x pandas",
            ratio >= PANDAS_RATIO,
            f"{ratio:.1f}x",
        ),
        (
            f"deal lines precision and recall >= {ACCURACY:g}",
            min(a["precision"], a["recall"]) >= ACCURACY,
            f"{a['precision']:.2f} / {a['recall']:.2f}",
        ),
        (
            "handovers precision and recall >= 0.9",
            min(a["handover_precision"], a["handover_recall"]) >= 0.9,
            f"{a['handover_precision']:.2f} / {a['handover_recall']:.2f}",
        ),
    ]
    print()
    for label, ok, value in checks:
        print(f"{verdict(ok)}  {label:<58} {value}")
    return all(ok for _, ok, _ in checks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/linewatch-bench-comms"))
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--step", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        name, out, *paths = args.step
        Path(out).write_text(json.dumps(STEPS[name](*map(Path, paths))))
        return
    args.cache.mkdir(parents=True, exist_ok=True)
    figures = {}
    for size in sorted(args.sizes):
        figures[size] = measure(args.cache, size)
    report(figures)


if __name__ == "__main__":
    main()
