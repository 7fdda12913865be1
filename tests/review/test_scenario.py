"""Every PCC figure against the small scenario's own events: the report counts what happened
in the period, no more and no less (read straight from enforcement.json and reports.jsonl)."""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from linewatch import collect, enforce
from linewatch.access import Access, Actor, system_access
from linewatch.model import Channel, Role
from linewatch.review import PccFigures, pcc_figures
from linewatch.scenario import generate
from linewatch.store import Store, tables

AS_OF = date(2026, 11, 28)
SINCE = date(2026, 1, 1)
PCC = Actor("pcc-1", Role.PCC_OFFICE, "leics-pcc")
QUARANTINED: set[int] = set()


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[PccFigures, Path]]:
    root = tmp_path_factory.mktemp("review-scenario")
    folder = root / "scenario"
    generate(folder, scale="small", seed=7, as_of=AS_OF)
    store = Store(f"sqlite:///{root / 'linewatch.db'}")
    store.migrate()
    access = system_access(store, "Loading the scenario")
    collect.import_folder(access, folder)
    enforce.import_history(access, folder / "enforcement.json")
    # Rows the importer refused (planted faults) are not reports received: note their numbers.
    q, b = tables.quarantine, tables.import_batches
    with store.connect() as conn:
        QUARANTINED.update(
            conn.execute(
                select(q.c.row_number)
                .join(b, b.c.id == q.c.batch_id)
                .where(b.c.file_name == "reports.jsonl")
            ).scalars()
        )
    try:
        yield pcc_figures(Access(store, PCC, "PCC performance reporting"), SINCE, AS_OF), folder
    finally:
        store.dispose()


def _at(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(value).astimezone(UTC) if value else None
    except ValueError:
        return None  # a planted fault ("last Tuesday"): the importer quarantines the row


def _in(value: Any) -> bool:
    moment = _at(value)
    return moment is not None and SINCE <= moment.date() <= AS_OF


def _events(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "enforcement.json").read_text("utf-8"))
    return data


def _reports(folder: Path) -> list[dict[str, Any]]:
    lines = (folder / "reports.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_enforcement_counts_match_the_scenario(scenario: tuple[PccFigures, Path]) -> None:
    figures, folder = scenario
    events = _events(folder)
    expected = {
        "arrests": sum(_in(a["arrested_at"]) for a in events["arrests"]),
        "charges": sum(_in(a["charged_at"]) for a in events["arrests"]),
        "warrants_executed": sum(_in(w["executed_at"]) for w in events["warrants"]),
        "vehicles_seized": sum(_in(s["seized_at"]) for s in events["seizures"]),
        "lines_disrupted": len(
            {s["line_brand"] for s in events["seizures"] if s["line_brand"] and _in(s["seized_at"])}
        ),
        "referrals": sum(_in(r["made_at"]) for r in events["referrals"]),
        "visits_made": sum(_in(v["performed_at"]) for v in events["visits"]),
    }
    assert sum(expected.values()) > 0
    for key, count in expected.items():
        assert figures.figure(key).value == count, key


def test_late_visits_match_the_scenario(scenario: tuple[PccFigures, Path]) -> None:
    figures, folder = scenario
    end = datetime.combine(AS_OF + timedelta(days=1), datetime.min.time(), UTC)
    late = 0
    for visit in _events(folder)["visits"]:
        due, made = _at(visit["scheduled_for"]), _at(visit["performed_at"])
        if due is None or not _in(visit["scheduled_for"]):
            continue
        if made is None or made > due + timedelta(days=1) or made >= end:
            late += 1
    assert figures.figure("visits_overdue").value == late


def test_reports_by_channel_and_time_to_a_warrant_match_the_scenario(
    scenario: tuple[PccFigures, Path],
) -> None:
    figures, folder = scenario
    reports = _reports(folder)
    # Line n of the file is row n (the importer counts from 1); refused rows never arrived.
    received = [
        r for n, r in enumerate(reports, start=1) if n not in QUARANTINED and _in(r["reported_at"])
    ]
    assert figures.figure("reports_received").value == len(received)
    for channel in Channel:
        count = sum(r["channel"] == channel.value for r in received)
        assert figures.figure(f"reports_{channel.value.lower()}").value == count, channel
    reported = {r["reference"]: _at(r["reported_at"]) for r in reports}
    days = [
        (applied - reported[ref]).total_seconds() / 86400
        for w in _events(folder)["warrants"]
        if _in(w["applied_at"]) and (applied := _at(w["applied_at"])) is not None
        for ref in w["grounds_report_refs"]
        if reported.get(ref) is not None and reported[ref] <= applied  # type: ignore[operator]
    ]
    figure = figures.figure("report_to_warrant_days")
    if len(days) >= figures.threshold:
        assert figure.display == f"{statistics.median(days):.1f}"
    else:
        assert figure.display in ("too few", "0")
