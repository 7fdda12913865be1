"""Report intake: reports over HTTP from concurrent clients, and partner files in bulk.

    python -m benchmarks.intake [--reports 3000] [--clients 16] [--rows 20000] [--workers 1]

For SQLite (a file in a temporary folder) and PostgreSQL (LINEWATCH_BENCH_POSTGRES_URL, by
default postgresql+psycopg://postgres@127.0.0.1:5432/test, in a schema of its own that is
dropped afterwards):

- a uvicorn server on 127.0.0.1 is started over the store; asyncio clients (httpx) send
  ``--reports`` reports to POST /api/v1/reports with a partner's token, ``--clients`` at a
  time; reports/s and p50/p99 latency are printed, and every accepted report is checked to be
  stored exactly once (by its reference and its provenance);
- the baseline: the same number of reports through ``collect.submit_report`` in-process, one
  after another, which is what the HTTP layer adds to;
- a partner CSV of ``--rows`` rows is imported with ``collect.import_partner_file`` (rows/s),
  against the existing reports.jsonl importer on the same rows as the baseline.

Targets (issue 3): PostgreSQL >= 300 reports/s with p99 < 250 ms; bulk >= 20,000 rows/s.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import create_engine, func, select, text

from linewatch.access import (
    PARTNER_ORG,
    Access,
    Actor,
    create_organisation,
    issue_api_token,
    system_access,
)
from linewatch.access.users import DEMO_ORGANISATIONS
from linewatch.collect import Submission, import_partner_file, import_reports, submit_report
from linewatch.model import Role
from linewatch.store import Store, tables

POSTGRES_URL = os.environ.get(
    "LINEWATCH_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
PLACES = ("Oakham", "Uppingham", "Ketton", "Cottesmore", "Empingham", "Whissendine")


def report_text(n: int) -> str:
    place = PLACES[n % len(PLACES)]
    return (
        f"Visitors at all hours at a flat near the market in {place}; a grey car AB{n % 90 + 10} "
        f"CDE waits outside and a young lad gives out 07700 900{n % 1000:03d}. Report {n}."
    )


@dataclass
class HttpRun:
    sent: int
    accepted: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.accepted / self.seconds

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


@contextmanager
def postgres_schema() -> Iterator[str]:
    schema = f"bench_intake_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def prepare(url: str) -> tuple[Store, str]:
    store = Store(url)
    store.migrate()
    with store.begin() as conn:
        for org_id, name, kind in DEMO_ORGANISATIONS:
            create_organisation(conn, org_id, name, kind)
        token = issue_api_token(conn, PARTNER_ORG)
    return store, token


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def server(url: str, workers: int) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "LINEWATCH_DATABASE_URL": url}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "linewatch.web:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                if httpx.get(f"{base}/report", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("the web app did not start")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


async def send_all(base: str, token: str, count: int, clients: int, tag: str) -> HttpRun:
    latencies: list[float] = []
    accepted = 0
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(count):
        queue.put_nowait(n)
    headers = {"Authorization": f"Bearer {token}"}

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal accepted
        while not queue.empty():
            n = queue.get_nowait()
            body = {"reference": f"{tag}-{n}", "text": report_text(n), "location_text": "Rutland"}
            started = time.perf_counter()
            response = await http.post("/api/v1/reports", json=body, headers=headers)
            latencies.append(time.perf_counter() - started)
            if response.status_code == 201:
                accepted += 1
            else:
                print(f"    refused {n}: {response.status_code} {response.text[:200]}")

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as http:
        # Warm the server (first requests build templates, pools, caches) before timing.
        await http.get("/report")
        started = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        took = time.perf_counter() - started
    return HttpRun(count, accepted, took, latencies)


def check_stored_once(store: Store, tag: str, accepted: int) -> str:
    o = tables.report_originals
    with store.connect() as conn:
        held = conn.execute(
            select(func.count(), func.count(func.distinct(o.c.source_ref))).where(
                o.c.source_ref.like(f"{tag}-%")
            )
        ).one()
    ok = held[0] == held[1] == accepted
    return f"{held[0]} stored, {held[1]} distinct, {accepted} accepted: " + (
        "each exactly once" if ok else "MISMATCH"
    )


def library_baseline(store: Store, count: int) -> float:
    access = Access(store, Actor("api:bench", Role.PARTNER, PARTNER_ORG), "Benchmark", "API")
    started = time.perf_counter()
    for n in range(count):
        submit_report(
            access,
            Submission("PARTNER_AGENCY", report_text(n), "Rutland", reference=f"LIB-{n}"),
        )
    return count / (time.perf_counter() - started)


def write_partner_csv(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["reference", "reported_at", "text", "classification", "location_text"])
        for n in range(rows):
            writer.writerow(
                [f"B-{n}", "2026-11-20T10:00:00+00:00", report_text(n), "OFFICIAL", "Rutland"]
            )


def write_reports_jsonl(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for n in range(rows):
            record = {
                "reference": f"J-{n}",
                "channel": "PARTNER_AGENCY",
                "originating_org": "Rutland County Council Housing",
                "reported_at": "2026-11-20T10:00:00+00:00",
                "text": report_text(n),
                "location_text": "Rutland",
                "classification": "OFFICIAL",
            }
            out.write(json.dumps(record) + "\n")


def bulk(store: Store, folder: Path, rows: int) -> tuple[float, float]:
    access = system_access(store, "Benchmark import")
    partner_file, jsonl = folder / "partner.csv", folder / "reports.jsonl"
    write_partner_csv(partner_file, rows)
    write_reports_jsonl(jsonl, rows)
    started = time.perf_counter()
    result = import_partner_file(access, partner_file, PARTNER_ORG)
    ours = rows / (time.perf_counter() - started)
    assert result.rows_loaded == rows, result.problems[:3]
    started = time.perf_counter()
    baseline = import_reports(access, jsonl)
    theirs = rows / (time.perf_counter() - started)
    assert baseline.rows_loaded == rows
    return ours, theirs


def run(name: str, url: str, args: argparse.Namespace, folder: Path) -> None:
    print(f"\n{name}", flush=True)
    store, token = prepare(url)
    with server(url, args.workers) as base:
        result = asyncio.run(send_all(base, token, args.reports, args.clients, "HTTP"))
    print(
        f"  HTTP, {args.clients} clients, {args.workers} worker(s): {result.accepted} of "
        f"{result.sent} accepted in {result.seconds:.2f} s = {result.rate:,.0f} reports/s; "
        f"p50 {result.percentile(0.5):.1f} ms, p99 {result.percentile(0.99):.1f} ms, "
        f"max {max(result.latencies) * 1000:.1f} ms",
        flush=True,
    )
    print(f"  stored: {check_stored_once(store, 'HTTP', result.accepted)}")
    baseline = library_baseline(store, min(args.reports, 1000))
    print(f"  baseline, collect.submit_report in-process, serial: {baseline:,.0f} reports/s")
    ours, theirs = bulk(store, folder, args.rows)
    print(f"  bulk partner CSV, {args.rows:,} rows: {ours:,.0f} rows/s")
    print(f"  baseline, reports.jsonl importer on the same rows: {theirs:,.0f} rows/s")
    store.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    print(f"intake benchmark on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.only != "postgresql":
            run("SQLite", f"sqlite:///{folder / 'bench.db'}", args, folder)
        if args.only != "sqlite":
            with postgres_schema() as url:
                run("PostgreSQL", url, args, folder)


if __name__ == "__main__":
    main()
