"""Importing an enforcement file: every section, its checks, quarantine and re-import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from linewatch.access import AccessDenied
from linewatch.enforce import import_history
from linewatch.model import Role
from linewatch.store import Store, tables
from safeguard.world import World, acting, write_enforcement


def _count(store: Store, table: Any) -> int:
    with store.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _quarantined(store: Store) -> dict[str, tuple[str, str]]:
    q = tables.quarantine
    with store.connect() as conn:
        rows = conn.execute(select(q.c.record_ref, q.c.field, q.c.reason)).all()
        return {ref: (field, reason) for ref, field, reason in rows}


def bail(bail_id: str, **extra: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "bail_id": bail_id,
        "person_ref": "N100",
        "arrest_id": "A1",
        "release_type": "PRE_CHARGE_BAIL_CONDITIONAL",
        "case_type": "STANDARD",
        "bail_start": "2026-01-10T12:00:00+00:00",
        "return_at": "2026-03-10T10:00:00+00:00",
        "abp_expires_at": "2026-04-10T12:00:00+00:00",
        "ended_at": None,
        "conditions": [
            {
                "condition_type": "EXCLUSION_AREA",
                "purpose": "NO_OFFENDING",
                "params": {"area": "Rutland"},
                "valid_from": "2026-01-10T12:00:00+00:00",
                "valid_to": None,
            }
        ],
    }
    row.update(extra)
    return row


@pytest.fixture
def people(store: Store) -> World:
    world = World(store)
    world.person("N100", "Tyler Marsh", date_of_birth="1999-03-02")
    world.person("N200", "Kai Rowe", date_of_birth="2010-05-01")
    world.person("N300", "Dean Hollis", date_of_birth="1980-01-01")
    return world


def full_file(tmp_path: Path) -> Path:
    return write_enforcement(
        tmp_path / "enforcement.json",
        warrants=[
            {
                "warrant_id": "W1",
                "power": "MDA_S23",
                "address": "4 Cold Overton Road, Oakham",
                "postcode": "le15 6nt",
                "grounds_report_refs": ["IR-2026-000001"],
                "applied_at": "2026-01-05T09:00:00+00:00",
                "authorised_by": "DJ Bench",
                "authorised_at": "2026-01-05T15:00:00+00:00",
                "executed_at": "2026-01-09T06:00:00+00:00",
                "outcome": "Drugs and cash found",
            }
        ],
        arrests=[
            {
                "arrest_id": "A1",
                "person_ref": "N100",
                "arrested_at": "2026-01-09T06:20:00+00:00",
                "offence": "Possession with intent to supply class A",
                "warrant_id": "W1",
                "location": "Oakham",
                "outcome": "BAILED",
                "charged_at": None,
            }
        ],
        bail=[bail("B1")],
        seizures=[
            {
                "seizure_id": "S1",
                "vrm": "ab12 cde",
                "power": "RTA_S165A",
                "grounds": "No insurance",
                "seized_at": "2026-02-01T22:00:00+00:00",
                "location": "A606 Oakham",
                "seizing_officer": "PC 123",
                "status": "HELD",
                "line_brand": "Kato",
            }
        ],
        referrals=[
            {
                "referral_id": "R1",
                "person_ref": "N200",
                "referral_type": "NRM",
                "made_at": "2026-01-09T10:00:00+00:00",
                "made_by": "DC Shaw",
                "consent_obtained": None,
                "outcome": "PENDING",
            }
        ],
        visits=[
            {
                "visit_id": "V1",
                "address": "12 Willow Crescent, Oakham",
                "postcode": "LE15 6EQ",
                "scheduled_for": "2026-02-03T10:00:00+00:00",
                "performed_at": "2026-02-03T10:30:00+00:00",
                "performed_by": "PC 456",
                "occupant_seen": True,
                "occupant_seen_alone": False,
                "indicators": ["new residents", "callers-at-all-hours"],
                "outcome": "Occupant anxious; referral to adult social care",
            }
        ],
    )


def test_every_section_loads_into_its_table(store: Store, people: World, tmp_path: Path) -> None:
    result = import_history(acting(store, Role.INTELLIGENCE_OFFICER), full_file(tmp_path))
    assert (result.rows_total, result.rows_loaded, result.rows_quarantined) == (6, 6, 0)
    for table in ("warrants", "arrests", "bail_records", "bail_conditions", "seizures"):
        assert _count(store, tables.metadata.tables[table]) == 1, table
    assert _count(store, tables.referrals) == 1
    assert _count(store, tables.visits) == 1
    with store.connect() as conn:
        arrest = conn.execute(select(tables.arrests)).mappings().one()
        person = conn.execute(
            select(tables.statements.c.entity_id).where(
                tables.statements.c.prop == "force_reference",
                tables.statements.c.value == "N100",
            )
        ).scalar_one()
        assert arrest["person_id"] == person
        seizure = conn.execute(select(tables.seizures)).mappings().one()
        assert seizure["vrm"] == "AB12CDE"
        assert seizure["vehicle_id"] is not None and seizure["line_id"] is not None
        referral = conn.execute(select(tables.referrals)).mappings().one()
        # A 15-year-old is referred to the NRM without consent, and counted as a child.
        assert referral["is_child"] is True
        visit = conn.execute(select(tables.visits)).mappings().one()
        assert visit["indicators"] == ["NEW_RESIDENTS", "CALLERS_AT_ALL_HOURS"]
        warrant = conn.execute(select(tables.warrants)).mappings().one()
        assert warrant["grounds_report_ids"] == ["IR-2026-000001"]
        postcode = conn.execute(
            select(tables.statements.c.value).where(
                tables.statements.c.entity_id == warrant["address_id"],
                tables.statements.c.prop == "postcode",
            )
        ).scalar_one()
        assert postcode == "LE15 6NT"
        operations = [op for (op,) in conn.execute(select(tables.audit_log.c.operation)).all()]
        assert operations == ["COLLECTION"]


def test_reimporting_the_same_file_adds_nothing(
    store: Store, people: World, tmp_path: Path
) -> None:
    access = acting(store, Role.INTELLIGENCE_OFFICER)
    path = full_file(tmp_path)
    import_history(access, path)
    before = {t: _count(store, tables.metadata.tables[t]) for t in tables.metadata.tables}
    again = import_history(access, path)
    assert again.already_imported
    after = {t: _count(store, tables.metadata.tables[t]) for t in tables.metadata.tables}
    assert before == after


def test_a_later_export_updates_records_and_logs_the_alteration(
    store: Store, people: World, tmp_path: Path
) -> None:
    access = acting(store, Role.INTELLIGENCE_OFFICER)
    first = write_enforcement(tmp_path / "one.json", bail=[bail("B1", arrest_id=None)])
    import_history(access, first)
    ended = bail("B1", arrest_id=None, ended_at="2026-02-20T09:00:00+00:00", conditions=[])
    second = write_enforcement(tmp_path / "two.json", bail=[ended, bail("B2", arrest_id=None)])
    result = import_history(access, second)
    assert result.rows_loaded == 2
    with store.connect() as conn:
        records = dict(
            conn.execute(select(tables.bail_records.c.id, tables.bail_records.c.ended_at)).all()
        )
        assert records["B1"] is not None and records["B2"] is None
        conditions = conn.execute(select(tables.bail_conditions.c.bail_id)).scalars().all()
        assert conditions == ["B2"]
        logged = conn.execute(
            select(tables.audit_log.c.operation, tables.audit_log.c.record_ids).order_by(
                tables.audit_log.c.seq
            )
        ).all()
    assert [op for op, _ in logged] == ["COLLECTION", "COLLECTION", "ALTERATION"]
    assert logged[2][1] == ["bail_records:B1"]


INVALID_BAIL: list[tuple[dict[str, Any], str]] = [
    ({"person_ref": "N999"}, "person_ref"),
    ({"release_type": "RUI", "return_at": None}, "conditions"),
    ({"release_type": "RUI", "conditions": []}, "return_at"),
    ({"abp_expires_at": "2026-05-10T12:00:00+00:00"}, "abp_expires_at"),
    ({"release_type": "ON_A_PROMISE"}, "release_type"),
    ({"bail_start": "10/01/2026"}, "bail_start"),
    ({"arrest_id": "A404"}, "arrest_id"),
    (
        {"conditions": [{"condition_type": "EXCLUSION_AREA", "params": {"area": "Narnia"}}]},
        "conditions[0].params.area",
    ),
    (
        {
            "abp_expires_at": "2026-07-10T12:00:00+00:00",
            "extensions": [{"rank": "SERGEANT", "new_expiry": "2026-07-10T12:00:00+00:00"}],
        },
        "extensions[0].rank",
    ),
    (
        {
            "abp_expires_at": "2026-10-10T12:00:00+00:00",
            "extensions": [{"rank": "SUPERINTENDENT", "new_expiry": "2026-10-10T12:00:00+00:00"}],
        },
        "extensions[0].new_expiry",
    ),
    (
        {
            "abp_expires_at": "2026-12-10T12:00:00+00:00",
            "extensions": [
                {"rank": "INSPECTOR", "new_expiry": "2026-07-10T12:00:00+00:00"},
                {"rank": "SUPERINTENDENT", "new_expiry": "2026-10-10T12:00:00+00:00"},
                {"rank": "SUPERINTENDENT", "new_expiry": "2026-12-10T12:00:00+00:00"},
            ],
        },
        "extensions[2].rank",
    ),
]


def test_invalid_bail_is_quarantined_naming_the_field(
    store: Store, people: World, tmp_path: Path
) -> None:
    invalid = [
        bail(f"B{n}", **{"arrest_id": None, **changes})
        for n, (changes, _field) in enumerate(INVALID_BAIL, start=2)
    ]
    path = write_enforcement(tmp_path / "e.json", bail=[bail("B1", arrest_id=None), *invalid])
    result = import_history(acting(store, Role.INTELLIGENCE_OFFICER), path)
    assert (result.rows_loaded, result.rows_quarantined) == (1, len(INVALID_BAIL))
    quarantined = _quarantined(store)
    for n, (_changes, field) in enumerate(INVALID_BAIL, start=2):
        assert quarantined[f"bail:B{n}"][0] == field
    assert _count(store, tables.bail_records) == 1
    assert _count(store, tables.bail_conditions) == 1


def test_an_extension_chain_in_order_allows_a_longer_period(
    store: Store, people: World, tmp_path: Path
) -> None:
    chained = bail(
        "B1",
        arrest_id=None,
        abp_expires_at="2026-10-10T12:00:00+00:00",
        extensions=[
            {"rank": "Inspector", "new_expiry": "2026-07-10T12:00:00+00:00"},
            {"rank": "Superintendent", "new_expiry": "2026-10-10T12:00:00+00:00"},
        ],
    )
    unconditional = bail("B2", arrest_id=None, conditions=[], abp_expires_at=None)
    result = import_history(
        acting(store, Role.INTELLIGENCE_OFFICER),
        write_enforcement(tmp_path / "e.json", bail=[chained, unconditional]),
    )
    assert result.rows_quarantined == 0, result.problems
    with store.connect() as conn:
        expiry = conn.execute(
            select(tables.bail_records.c.abp_expires_at).where(tables.bail_records.c.id == "B2")
        ).scalar_one()
    # Without a stated expiry, the statutory three months from the start is recorded.
    assert (expiry.year, expiry.month, expiry.day) == (2026, 4, 10)


def test_other_sections_are_checked(store: Store, people: World, tmp_path: Path) -> None:
    path = write_enforcement(
        tmp_path / "e.json",
        seizures=[
            {
                "seizure_id": "S1",
                "vrm": "AB12CDE",
                "power": "BECAUSE",
                "grounds": "x",
                "seized_at": "2026-02-01T22:00:00+00:00",
            },
            {
                "seizure_id": "S2",
                "vrm": "AB12CDE",
                "power": "PACE_S19",
                "grounds": "x",
                "seized_at": "2026-02-01T22:00:00+00:00",
            },
        ],
        referrals=[
            {
                "referral_id": "R1",
                "person_ref": "N300",
                "referral_type": "NRM",
                "made_at": "2026-01-09T10:00:00+00:00",
                "made_by": "DC Shaw",
                "consent_obtained": False,
            },
            {
                "referral_id": "R2",
                "person_ref": "N300",
                "referral_type": "NRM",
                "made_at": "2026-01-09T10:00:00+00:00",
                "made_by": "DC Shaw",
                "consent_obtained": True,
            },
            {
                "referral_id": "R3",
                "person_ref": "N300",
                "referral_type": "DUTY_TO_NOTIFY",
                "made_at": "2026-01-09T10:00:00+00:00",
                "made_by": "DC Shaw",
            },
        ],
        arrests=[
            {
                "arrest_id": "A1",
                "person_ref": "N300",
                "arrested_at": "2026-01-09T06:20:00+00:00",
                "offence": "PWITS",
                "warrant_id": "W404",
            },
        ],
        visits=[
            {
                "visit_id": "V1",
                "address": "1 High Street",
                "postcode": "NOT A POSTCODE",
                "scheduled_for": "2026-02-03T10:00:00+00:00",
            },
            {
                "visit_id": "V2",
                "address": "1 High Street",
                "postcode": "LE15 6AA",
                "scheduled_for": "2026-02-03T10:00:00+00:00",
                "performed_at": "2026-02-03T10:00:00+00:00",
            },
        ],
    )
    result = import_history(acting(store, Role.INTELLIGENCE_OFFICER), path)
    quarantined = _quarantined(store)
    assert quarantined["seizures:S1"][0] == "power"
    assert "known power" in quarantined["seizures:S1"][1]
    assert quarantined["referrals:R1"][0] == "consent_obtained"
    assert quarantined["arrests:A1"][0] == "warrant_id"
    assert quarantined["visits:V1"][0] == "postcode"
    assert quarantined["visits:V2"][0] == "performed_by"
    assert result.rows_loaded == 3 and result.rows_quarantined == 5
    with store.connect() as conn:
        kinds = conn.execute(select(tables.referrals.c.id, tables.referrals.c.is_child)).all()
    assert sorted(kinds) == [("R2", False), ("R3", False)]


def test_importing_needs_the_import_permission(store: Store, tmp_path: Path) -> None:
    with pytest.raises(AccessDenied):
        import_history(acting(store, Role.OFFICER), write_enforcement(tmp_path / "e.json"))


def test_a_file_that_is_not_an_object_is_refused(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "e.json"
    path.write_text("[1, 2]")
    with pytest.raises(ValueError, match="not an enforcement file"):
        import_history(acting(store, Role.INTELLIGENCE_OFFICER), path)
    assert _count(store, tables.import_batches) == 0


def test_an_arrest_outcome_must_be_a_known_one(store: Store, people: World, tmp_path: Path) -> None:
    arrest = {
        "person_ref": "N100",
        "arrested_at": "2026-01-09T06:20:00+00:00",
        "offence": "Possession with intent to supply class A",
    }
    path = write_enforcement(
        tmp_path / "e.json",
        arrests=[
            {**arrest, "arrest_id": "A1", "outcome": "rui"},
            {**arrest, "arrest_id": "A2", "outcome": "Went home"},
        ],
        bail=[
            {
                "bail_id": "B9",
                "person_ref": "N100",
                "release_type": "RUI",
                "bail_start": "2026-01-09T12:00:00+00:00",
                "return_at": "2026-02-09T12:00:00+00:00",
            }
        ],
    )
    result = import_history(acting(store, Role.INTELLIGENCE_OFFICER), path)
    assert result.rows_loaded == 1 and result.rows_quarantined == 2
    assert any("arrests:A2" in p and "outcome" in p for p in result.problems), result.problems
    assert any("bail:B9" in p for p in result.problems), result.problems
    with store.connect() as conn:
        assert conn.execute(select(tables.arrests.c.outcome)).scalars().all() == ["RUI"]
