"""Call data at scale: import (Parquet and CSV) and every analysis over ~10 million records.

    python -m benchmarks.comms [--cache /tmp/linewatch-bench-comms]

Generates the "large" scenario once (about 10.5 million call records; cached between runs),
writes the same records as CSV once, then in a fresh data folder and SQLite store: imports
them from Parquet and from CSV, runs deal-line detection, contacts, handovers, a line's life,
whereabouts and co-location, and the whole ``analyse`` with its writes; then the same
deal-line detection written idiomatically in pandas (vectorised groupby), scored with the same
rules. Growth is shown on 1, 3 and all sub-worlds' productions. Peak memory is the process's
maximum resident set, read before pandas runs and again after.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pandas as pd

from linewatch import settings
from linewatch.access import system_access
from linewatch.comms import (
    CallStore,
    DealLineRules,
    NumberFigures,
    analyse,
    co_location,
    find_handovers,
    import_calls,
    line_life,
    whereabouts,
)
from linewatch.comms.features import LOCAL_ZONE, number_figures, top_contacts
from linewatch.comms.rules import score
from linewatch.scenario import generate
from linewatch.store import Store

T = TypeVar("T")


def timed(label: str, work: Callable[[], T], rows: int | None = None) -> tuple[T, float]:
    started = time.perf_counter()
    value = work()
    took = time.perf_counter() - started
    rate = f", {rows / took / 1e6:.2f} M rows/s" if rows else ""
    print(f"  {label:<44} {took:8.2f} s{rate}", flush=True)
    return value, took


def peak_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def scenario(cache: Path) -> Path:
    folder = cache / "large"
    if not (folder / "calls").is_dir():
        print("Generating the large scenario (once; cached)", flush=True)
        generate(folder, scale="large", seed=2026, as_of=date(2026, 11, 28))
    return folder / "calls"


def csv_copy(calls: Path, cache: Path) -> Path:
    """The same productions as CSV, written once with DuckDB."""
    folder = cache / "csv"
    if not folder.is_dir():
        print("Writing the productions as CSV (once; cached)", flush=True)
        staging = cache / ".csv-staging"
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


def deal_lines_duckdb(con: duckdb.DuckDBPyConnection, rules: DealLineRules) -> set[str]:
    threshold = float(settings.get("deal_line_threshold"))
    return {f.number for f in number_figures(con, rules) if score(f, rules)[0] >= threshold}


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/linewatch-bench-comms"))
    args = parser.parse_args()
    cache: Path = args.cache
    calls = scenario(cache)
    files = sorted(calls.glob("*.parquet"))
    con = duckdb.connect()
    total = int(
        con.execute(f"SELECT count(*) FROM read_parquet('{calls}/*.parquet')").fetchone()[0]
    )  # type: ignore[index]
    print(f"{total:,} call records in {len(files)} productions ({os.cpu_count()} cores)")
    csv_folder = csv_copy(calls, cache)
    rules = DealLineRules()

    with tempfile.TemporaryDirectory(dir=cache) as work:
        os.environ["LINEWATCH_DATA_DIR"] = str(Path(work) / "data")
        store = Store(f"sqlite:///{work}/linewatch.db")
        store.migrate()
        access = system_access(store, "Benchmarking communications analysis")
        print("Import")
        loaded, _ = timed("from Parquet", lambda: import_calls(access, calls), total)
        print(f"    {sum(r.rows_loaded for r in loaded):,} rows loaded")
        # A store and data folder of their own: the same production ids would be refused.
        os.environ["LINEWATCH_DATA_DIR"] = str(Path(work) / "csv-data")
        csv_store = Store(f"sqlite:///{work}/linewatch-csv.db")
        csv_store.migrate()
        csv_access = system_access(csv_store, "Benchmarking CSV import")
        loaded, _ = timed("from CSV", lambda: import_calls(csv_access, csv_folder), total)
        print(f"    {sum(r.rows_loaded for r in loaded):,} rows loaded")
        csv_store.dispose()
        os.environ["LINEWATCH_DATA_DIR"] = str(Path(work) / "data")

        print("Analyses over the imported Parquet")
        with CallStore() as store_calls:
            c = store_calls.con
            lines, t_deal = timed("deal-line detection", lambda: deal_lines_duckdb(c, rules), total)
            timed("contacts of flagged lines", lambda: top_contacts(c, sorted(lines), rules))
            handovers, _ = timed("line handovers", lambda: find_handovers(c, sorted(lines)))
            line = sorted(lines)[0]
            timed("a line's life", lambda: line_life(access, store_calls, line))
            places, _ = timed(
                "whereabouts by day and hour", lambda: whereabouts(access, store_calls, line)
            )
            other = c.execute(
                "SELECT called_number FROM calls WHERE calling_number = ? AND event_type = 'CALL' "
                "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
                [line],
            ).fetchone()
            if other:
                timed(
                    "co-location of two phones",
                    lambda: co_location(access, store_calls, line, other[0]),
                )
        _, t_all = timed("analyse (all of it, with its writes)", lambda: analyse(access))
        print(f"  {len(lines)} deal lines, {len(handovers)} handovers, {len(places)} cell-hours")
        duck_peak = peak_gib()

        print("Growth of deal-line detection with records")
        worlds = sorted({p.stem.split("-")[2] for p in files})
        for count in (1, 3, len(worlds)):
            chosen = [p for p in files if p.stem.split("-")[2] in worlds[:count]]
            with CallStore(calls) as part:
                listing = ", ".join(f"'{p}'" for p in chosen)
                part.con.execute(
                    "CREATE OR REPLACE VIEW calls AS SELECT *, "
                    "regexp_extract(filename, '([^/]+)\\.parquet$', 1) AS production_id "
                    f"FROM read_parquet([{listing}], filename = true)"
                )
                rows = part.count()
                timed(
                    f"{rows / 1e6:5.1f} M records", lambda: deal_lines_duckdb(part.con, rules), rows
                )

        print("Baseline: the same deal-line detection in pandas")
        imported = sorted((Path(work) / "data" / "calls").glob("*.parquet"))
        baseline, t_pandas = timed("pandas", lambda: deal_lines_pandas(imported, rules), total)
        store.dispose()

    agree = len(baseline & lines) / max(1, len(baseline | lines))
    print(f"\nDuckDB deal lines {len(lines)}, pandas {len(baseline)}, agreement {agree:.0%}")
    print(
        f"Deal-line detection: DuckDB {t_deal:.2f} s vs pandas {t_pandas:.2f} s "
        f"({t_pandas / t_deal:.1f}x); whole analyse {t_all:.2f} s"
    )
    print(
        f"Peak memory: {duck_peak:.2f} GiB through the DuckDB analyses, "
        f"{peak_gib():.2f} GiB after pandas"
    )


if __name__ == "__main__":
    main()
