"""The whole cycle over a generated scenario, scored against its ground truth.

These are the first-depth figures later work starts from: every true deal line flagged, every
true bail breach raised for review and none outside live bail, and PCC figures that count
exactly what the enforcement history holds.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from linewatch import network
from linewatch.access import Access, Actor, audit
from linewatch.comms import deal_lines
from linewatch.cycle import CycleReport, run_cycle
from linewatch.enforce import open_alerts
from linewatch.model import Role
from linewatch.review import pcc_figures
from linewatch.scenario import GroundTruth, generate, load_ground_truth
from linewatch.store import Store, tables
from linewatch.tasking import briefing

AS_OF = date(2026, 11, 28)
HIT = "ANPR_HIT"
ANALYST = Actor("analyst-1", Role.ANALYST, "leics-police")
PCC = Actor("pcc-1", Role.PCC_OFFICE, "leics-pcc")


@dataclass
class Cycle:
    store: Store
    folder: Path
    truth: GroundTruth
    report: CycleReport


@pytest.fixture(scope="module")
def cycle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cycle]:
    root = tmp_path_factory.mktemp("cycle")
    folder = root / "scenario"
    generate(folder, scale="small", seed=11, as_of=AS_OF)
    store = Store(f"sqlite:///{root / 'linewatch.db'}")
    store.migrate()
    mp = pytest.MonkeyPatch()
    mp.setenv("LINEWATCH_DATA_DIR", str(root / "var"))
    try:
        report = run_cycle(store, folder, AS_OF)
        yield Cycle(store, folder, load_ground_truth(folder), report)
    finally:
        mp.undo()
        store.dispose()


def test_every_stage_ran_and_every_import_was_audited(cycle: Cycle) -> None:
    stages = [step.stage for step in cycle.report.steps]
    for stage in ("collect", "comms", "enforce", "resolve", "network", "safeguard"):
        assert stage in stages
    assert all(r.rows_loaded > 0 for r in cycle.report.imports)
    with cycle.store.connect() as conn:
        collections = conn.execute(
            select(tables.audit_log.c.record_ids).where(
                tables.audit_log.c.operation == "COLLECTION"
            )
        ).all()
    batches = {rid for (ids,) in collections for rid in ids if rid.startswith("batch:")}
    assert batches == {f"batch:{r.batch_id}" for r in cycle.report.imports}
    assert audit.verify(cycle.store).ok


def test_planted_faults_are_quarantined_and_nothing_valid_is_lost(cycle: Cycle) -> None:
    manifest = json.loads((cycle.folder / "manifest.json").read_text())
    by_file = {r.file_name: r for r in cycle.report.imports}
    for name in ("reports.jsonl", "person_records.csv", "anpr_reads.csv"):
        result = by_file[name]
        assert result.rows_loaded + result.rows_quarantined == result.rows_total
        assert result.rows_total == manifest["counts"][name]
    assert sum(r.rows_quarantined for r in cycle.report.imports) >= len(cycle.truth.malformed)


def test_re_running_the_imports_adds_nothing(cycle: Cycle) -> None:
    again = run_cycle(cycle.store, cycle.folder, AS_OF)
    assert all(r.already_imported for r in again.imports)


def test_every_true_deal_line_is_flagged(cycle: Cycle) -> None:
    flagged = {line.number for line in deal_lines(Access(cycle.store, ANALYST, "scoring"))}
    truth = cycle.truth.deal_numbers()
    assert truth <= flagged, f"missed deal lines: {truth - flagged}"
    precision = len(truth & flagged) / len(flagged)
    assert precision >= 0.8, f"false deal lines: {flagged - truth}"


def test_every_true_breach_is_raised_and_none_outside_live_bail(cycle: Cycle) -> None:
    # Hotlist hits carry ANPR reads too; they are scored on their own below.
    alerts = [a for a in open_alerts(Access(cycle.store, ANALYST, "scoring")) if a.kind != HIT]
    raised = {e["id"] for a in alerts for e in a.evidence if e["kind"] == "anpr_read"}
    truth = cycle.truth.breach_read_ids()
    assert truth, "the scenario should hold at least one breach"
    assert truth <= raised, f"missed breach reads: {truth - raised}"
    assert raised <= truth, f"alerts outside a true breach: {raised - truth}"


def test_hotlist_hits_are_exactly_the_reads_of_live_entries(cycle: Cycle) -> None:
    """Precision and recall 1.0: every read of a listed plate while its entry was live is raised,
    and nothing else; lapsed and withdrawn entries raise nothing."""
    alerts = open_alerts(Access(cycle.store, ANALYST, "scoring"), kind=HIT)
    raised = {e["id"] for a in alerts for e in a.evidence_of("anpr_read")}
    truth = cycle.truth.hotlist_hit_read_ids()
    assert truth, "the scenario should hold at least one hotlist hit"
    assert len(alerts) == len(raised)
    assert truth - raised == set(), "missed hotlist reads"
    assert raised - truth == set(), "hits outside a live entry"
    entries = {e["id"] for a in alerts for e in a.evidence_of("vehicle_of_interest")}
    live = {h.voi_id for h in cycle.truth.hotlist if h.live_when_checked}
    assert entries == {h.voi_id for h in cycle.truth.hotlist if h.hit_read_ids} <= live
    assert any(not h.live_when_checked for h in cycle.truth.hotlist)
    summaries = [step.summary for step in cycle.report.steps]
    assert f"{len(truth):,} ANPR hotlist hits for an officer to review ({len(truth):,} new)" in (
        summaries
    )


def test_pcc_figures_count_exactly_the_enforcement_history(cycle: Cycle) -> None:
    history = json.loads((cycle.folder / "enforcement.json").read_text())
    start = date(AS_OF.year, 1, 1)

    def in_year(value: str | None) -> bool:
        return (
            bool(value)
            and start <= datetime.fromisoformat(str(value)).astimezone(UTC).date() <= AS_OF
        )

    figures = pcc_figures(Access(cycle.store, PCC, "PCC performance reporting"), start, AS_OF)
    expected = {
        "arrests": sum(in_year(a["arrested_at"]) for a in history["arrests"]),
        "charges": sum(in_year(a.get("charged_at")) for a in history["arrests"]),
        "vehicles_seized": sum(in_year(s["seized_at"]) for s in history["seizures"]),
        "referrals": sum(in_year(r["made_at"]) for r in history["referrals"]),
        "visits_made": sum(in_year(v.get("performed_at")) for v in history["visits"]),
    }
    for key, count in expected.items():
        assert figures.figure(key).value == count, key


def test_the_briefing_names_lines_breaches_and_people_to_safeguard(cycle: Cycle) -> None:
    brief = briefing(Access(cycle.store, ANALYST, "Tactical tasking briefing"), AS_OF)
    assert {line.number for line in brief.lines} >= cycle.truth.deal_numbers()
    assert brief.breaches
    assert brief.safeguard and all(p.reasons for p in brief.safeguard)
    assert brief.tasks and all(t.reason for t in brief.tasks)


def test_the_network_names_each_lines_holder_by_the_phone_comms_placed(cycle: Cycle) -> None:
    """The call records' phones are joined to the numbers known from partner records, so a
    holder's phone placed at the hub names its user, and only true holders are named."""
    access = Access(cycle.store, ANALYST, "Reviewing deal line networks")
    picture = network.build_graph(access)
    holders = {f.subject_id for f in network.infer_roles(picture) if f.role == "LINE_HOLDER"}
    true_holder_numbers = {
        number for line in cycle.truth.lines for number in cycle.truth.people[line.holder].phones
    }
    assert holders
    for holder in holders:
        phones = {other.caption for other in picture.neighbours(holder) if other.schema == "Phone"}
        assert phones & true_holder_numbers, (picture.nodes[holder].caption, phones)


def test_the_briefing_names_the_holder_comms_placed_for_each_line(cycle: Cycle) -> None:
    """A line whose own phone no one is known to use still has a holder: whoever uses the
    phone it rings at its hub; the briefing names them rather than asking who holds it."""
    brief = briefing(Access(cycle.store, ANALYST, "Tactical tasking briefing"), AS_OF)
    holders = {
        name.removesuffix(" (holder)")
        for line in brief.lines
        for name in line.known_users
        if name.endswith(" (holder)")
    }
    assert holders
    picture = network.build_graph(Access(cycle.store, ANALYST, "Reviewing deal line networks"))
    placed = {
        picture.nodes[f.subject_id].caption
        for f in network.infer_roles(picture)
        if f.role == "LINE_HOLDER"
    }
    assert holders <= placed
    assert not [t for t in brief.tasks if t.title.startswith("Develop a subject profile: who")]
