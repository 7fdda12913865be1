"""Warrants from graded grounds to outcome, seizures and their powers, the ANPR hotlist's hits."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from linewatch.access import AccessDenied
from linewatch.enforce import (
    SeizureError,
    VoiError,
    WarrantError,
    acknowledge,
    add_vehicle_of_interest,
    apply_for_warrant,
    change_status,
    eligible_grounds,
    import_reads_with_hits,
    record_execution,
    record_issue,
    record_outcome,
    record_refusal,
    record_seizure,
    withdraw,
)
from linewatch.model import Role
from linewatch.model.formats import ANPR_READ_COLUMNS
from linewatch.store import Store, tables, utcnow
from safeguard.world import OAKHAM, World, acting


def _grounds(world: World) -> tuple[str, str, str]:
    good = world.report("IR-10", "Drugs stored at 4 Mill Lane", "2026-01-05")
    false = world.report("IR-11", "Rumour about 4 Mill Lane", "2026-01-06")
    raw = world.report("IR-12", "Unsanitised note", "2026-01-07")
    with world.store.begin() as conn:
        r = tables.reports
        conn.execute(update(r).where(r.c.id == false).values(intelligence_assessment="E"))
        conn.execute(update(r).where(r.c.id == raw).values(sanitised=False))
    return good, false, raw


def test_a_warrant_goes_from_graded_grounds_to_its_arrests(store: Store) -> None:
    world = World(store)
    suspect = world.person("N300", "Dean Fry", date_of_birth="1995-01-01")
    good, false, raw = _grounds(world)
    officer = acting(store, Role.OFFICER, "pc-jones")
    offered = {g.report_id: g.grading for g in eligible_grounds(officer)}
    assert offered == {good: "2CP"}
    common = {"power": "MDA_S23", "address": "4 Mill Lane, Oakham", "postcode": "LE15 6AB"}
    for bad, reason in ((false, "suspected false"), (raw, "not sanitised"), ("r-x", "no report")):
        with pytest.raises(WarrantError, match=reason):
            apply_for_warrant(officer, grounds=[bad], justification="Drugs", **common)
    with pytest.raises(WarrantError) as none:
        apply_for_warrant(officer, grounds=[], justification="Drugs", **common)
    assert none.value.field == "grounds"
    warrant = apply_for_warrant(
        officer, grounds=[good], justification="Drugs stored", subject_person_id=suspect, **common
    )
    assert warrant.status == "APPLIED" and warrant.grounds[0].grading == "2CP"
    with pytest.raises(WarrantError, match="issued before"):
        record_execution(officer, warrant.id, utcnow())
    with pytest.raises(AccessDenied):
        record_issue(officer, warrant.id, "J. Smith JP", utcnow())
    own = acting(store, Role.SUPERVISOR, "pc-jones")
    with pytest.raises(WarrantError, match="applicant"):
        record_issue(own, warrant.id, "J. Smith JP", utcnow())
    supervisor = acting(store, Role.SUPERVISOR, "sgt-bell")
    issued = record_issue(supervisor, warrant.id, "J. Smith JP", utcnow())
    assert issued.status == "ISSUED" and issued.authorised_by == "J. Smith JP"
    with pytest.raises(WarrantError, match="three months"):
        record_execution(officer, warrant.id, issued.applied_at + timedelta(days=100))
    executed = record_execution(officer, warrant.id, utcnow())
    assert executed.status == "EXECUTED"
    with pytest.raises(WarrantError, match="no person"):
        record_outcome(
            officer, warrant.id, outcome="x", finds=[], arrests=[("nobody", "Possession")]
        )
    done = record_outcome(
        officer,
        warrant.id,
        outcome="Drugs and cash found",
        finds=["42 wraps of crack cocaine", "£1,200 cash", ""],
        arrests=[(suspect, "Possession with intent to supply")],
    )
    assert done.status == "OUTCOME_RECORDED"
    assert done.finds == ["42 wraps of crack cocaine", "£1,200 cash"]
    assert [(a["person_id"], a["warrant_id"]) for a in done.arrests] == [(suspect, warrant.id)]
    with store.connect() as conn:
        ops = [
            (row.operation, row.record_ids)
            for row in conn.execute(select(tables.audit_log).order_by(tables.audit_log.c.seq))
        ]
    assert any(f"warrants:{warrant.id}" in ids for op, ids in ops if op == "ALTERATION")


def test_a_seizure_needs_what_its_power_requires_and_moves_one_way(store: Store) -> None:
    officer = acting(store, Role.OFFICER, "pc-jones")
    base = {"vrm": "AB12 CDE", "grounds": "No insurance", "location": "A606 Oakham"}
    when = utcnow() - timedelta(days=2)
    with pytest.raises(SeizureError) as warning:
        record_seizure(officer, power="RTA_S165A", seized_at=when, **base)
    assert warning.value.field == "warning_given"
    with pytest.raises(SeizureError, match="listed assets"):
        record_seizure(officer, power="POCA_CASH_OR_LISTED_ASSET", seized_at=when, **base)
    with pytest.raises(SeizureError) as approval:
        record_seizure(
            officer, power="POCA_S47C", seized_at=when, authorised_by="Sgt X",
            authorisation_rank="SERGEANT", **base,
        )  # fmt: skip
    assert approval.value.field == "authorisation_rank"
    with pytest.raises(SeizureError) as unknown:
        record_seizure(officer, power="MAGIC", seized_at=when, **base)
    assert unknown.value.field == "power"
    rta = record_seizure(officer, power="RTA_S165A", seized_at=when, warning_given=True, **base)
    assert rta.status == "HELD" and rta.next_statuses
    with pytest.raises(SeizureError, match="7-day"):
        change_status(officer, rta.id, "DISPOSED", "Not recovered")
    with pytest.raises(SeizureError, match="court order"):
        change_status(officer, rta.id, "FORFEITED", "Forfeit")
    released = change_status(officer, rta.id, "RELEASED", "Keeper produced insurance")
    assert released.status == "RELEASED" and released.next_statuses == []
    with pytest.raises(SeizureError, match="cannot become"):
        change_status(officer, rta.id, "HELD", "")
    assert [h["status"] for h in released.history] == ["HELD", "RELEASED"]
    poca = record_seizure(
        officer,
        power="POCA_S47C",
        seized_at=when - timedelta(minutes=5),
        authorised_by="Insp Patel",
        authorisation_rank="INSPECTOR",
        **base,
    )
    change_status(officer, poca.id, "RETAINED_AS_EVIDENCE", "")
    with pytest.raises(SeizureError, match="authority"):
        change_status(officer, poca.id, "FORFEITED", " ")
    forfeited = change_status(officer, poca.id, "FORFEITED", "Leicester Crown Court order 12")
    assert forfeited.status == "FORFEITED" and forfeited.next_statuses == ["DISPOSED"]
    with pytest.raises(AccessDenied):
        change_status(acting(store, Role.ANALYST), poca.id, "DISPOSED", "Sold")


def _reads(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=ANPR_READ_COLUMNS)
        writer.writeheader()
        for read_id, vrm, when in rows:
            writer.writerow(
                {
                    "read_id": read_id,
                    "vrm": vrm,
                    "camera_id": "CAM-1",
                    "site": "A606 Barleythorpe",
                    "direction": "E",
                    "latitude": OAKHAM[0],
                    "longitude": OAKHAM[1],
                    "read_at": when,
                    "confidence": 0.95,
                    "source_system": "NAS",
                    "is_synthetic": "true",
                }
            )
    return path


def _ago(days: int, hours: int = 0) -> str:
    return (utcnow() - timedelta(days=days, hours=hours)).isoformat()


def _listed_since(store: Store, days: int) -> None:
    """Every vehicle of interest listed ``days`` ago (an officer lists a vehicle now)."""
    with store.begin() as conn:
        v = tables.vehicles_of_interest
        conn.execute(update(v).values(created_at=utcnow() - timedelta(days=days)))


def test_hotlist_hits_are_raised_once_and_stop_when_the_entry_ends(
    store: Store, tmp_path: Path
) -> None:
    officer = acting(store, Role.OFFICER, "pc-jones")
    later = utcnow() + timedelta(days=30)
    entry = {"reason": "Courier for the Tommy line", "action_required": "DO_NOT_STOP_REPORT"}
    with pytest.raises(VoiError) as conditions:
        add_vehicle_of_interest(
            officer, vrm="AB12 CDE", reason_category="COUNTY_LINES_COURIER",
            handling_code="C", expires_at=later, **entry,
        )  # fmt: skip
    assert conditions.value.field == "handling_conditions"
    with pytest.raises(VoiError) as expiry:
        add_vehicle_of_interest(
            officer, vrm="AB12 CDE", reason_category="COUNTY_LINES_COURIER",
            handling_code="P", expires_at=utcnow() - timedelta(days=1), **entry,
        )  # fmt: skip
    assert expiry.value.field == "expires_at"
    courier = add_vehicle_of_interest(
        officer, vrm="ab12cde", reason_category="COUNTY_LINES_COURIER", handling_code="P",
        expires_at=later, **entry,
    )  # fmt: skip
    stolen = add_vehicle_of_interest(
        officer, vrm="XY65 ZZZ", reason_category="STOLEN", handling_code="P",
        expires_at=later, reason="Stolen in Corby", action_required="STOP_CHECK",
    )  # fmt: skip
    withdraw(officer, stolen.id)
    _listed_since(store, days=5)
    analyst = acting(store)
    early = _reads(tmp_path / "early.csv", [("R0", "AB12CDE", _ago(days=6))])
    assert import_reads_with_hits(analyst, early)[1] == []  # read before it was listed
    path = _reads(
        tmp_path / "anpr_reads.csv",
        [
            ("R1", "AB12 CDE", _ago(days=2)),
            ("R2", "XY65ZZZ", _ago(days=2, hours=-1)),
            ("R3", "CD24 EFG", _ago(days=2, hours=-2)),
        ],
    )
    result, hits = import_reads_with_hits(analyst, path)
    assert result.rows_loaded == 3
    assert [(h.kind, h.evidence_of("anpr_read")[0]["id"]) for h in hits] == [("ANPR_HIT", "R1")]
    (voi,) = hits[0].evidence_of("vehicle_of_interest")
    assert voi["id"] == courier.id and voi["handling_code"] == "P"
    again_result, again = import_reads_with_hits(analyst, path)
    assert again_result.already_imported
    assert [h.id for h in again] == [hits[0].id] and not again[0].is_new
    done = acknowledge(officer, hits[0].id, "Passed to the courier team")
    assert done.status == "ACKNOWLEDGED"
    with store.begin() as conn:
        v = tables.vehicles_of_interest
        ended = utcnow() - timedelta(days=1, hours=12)
        conn.execute(update(v).where(v.c.id == courier.id).values(expires_at=ended))
    later_reads = _reads(tmp_path / "anpr_reads_2.csv", [("R4", "AB12CDE", _ago(days=1))])
    assert import_reads_with_hits(analyst, later_reads)[1] == []


def test_a_refused_application_goes_no_further(store: Store) -> None:
    world = World(store)
    good, _false, _raw = _grounds(world)
    officer = acting(store, Role.OFFICER, "pc-jones")
    warrant = apply_for_warrant(
        officer,
        power="PACE_S8",
        address="4 Mill Lane, Oakham",
        postcode=None,
        grounds=[good],
        justification="Stolen goods",
    )
    supervisor = acting(store, Role.SUPERVISOR, "sgt-bell")
    with pytest.raises(WarrantError) as why:
        record_refusal(supervisor, warrant.id, "J. Smith JP", " ")
    assert why.value.field == "reason"
    refused = record_refusal(supervisor, warrant.id, "J. Smith JP", "Grounds too old")
    assert refused.status == "REFUSED" and "Grounds too old" in (refused.outcome or "")
    with pytest.raises(WarrantError, match="issued before"):
        record_execution(officer, warrant.id, utcnow())
    with pytest.raises(WarrantError, match="no longer awaiting issue"):
        record_issue(supervisor, warrant.id, "Another JP", utcnow())
