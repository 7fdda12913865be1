"""Importing person_records.csv: one Person per agency record, with its phone, address and
vehicle, and the agency's concern kept as a partner record."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from collect.builders import PERSON_COLUMNS, person_row, write_csv
from collect.conftest import MakeAccess
from linewatch.collect import (
    FileRejected,
    import_person_records,
    partner_record_id,
    person_id,
)
from linewatch.store import Store, make_id, tables

POLICE = "Leicestershire Police"


def _statements(store: Store, entity_id: str) -> dict[str, list[str]]:
    with store.connect() as conn:
        rows = conn.execute(
            select(tables.statements.c.prop, tables.statements.c.value).where(
                tables.statements.c.entity_id == entity_id
            )
        ).all()
    found: dict[str, list[str]] = {}
    for prop, value in rows:
        found.setdefault(prop, []).append(value)
    return {k: sorted(v) for k, v in found.items()}


def test_a_record_becomes_a_person_with_phone_address_and_vehicle(
    store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "person_records.csv", PERSON_COLUMNS, [person_row()])
    result = import_person_records(as_role(store), path)
    assert (result.rows_loaded, result.rows_quarantined) == (1, 0)

    person = person_id(POLICE, "N-0001")
    assert _statements(store, person) == {
        "alias": ["JB", "Jordy"],
        "date_of_birth": ["2008-05-14"],
        "force_reference": ["N-0001"],
        "name": ["Jordan Blake"],
        "street_name": ["Skiddz"],
        "subject_category": ["SUSPECT", "VICTIM"],
        "vulnerability": ["CHILD_AT_RISK_CCE", "MISSING_EPISODES"],
    }
    with store.connect() as conn:
        links = (
            conn.execute(select(tables.links).where(tables.links.c.source_id == person))
            .mappings()
            .all()
        )
        record = conn.execute(select(tables.partner_records)).mappings().one()
        provenance = conn.execute(
            select(tables.statements.c.source_kind, tables.statements.c.source_id).distinct()
        ).all()
    assert {(ln["link_type"], ln["target_id"]) for ln in links} == {
        ("USES_PHONE", make_id("Phone", POLICE, "N-0001")),
        ("LIVES_AT", make_id("Address", POLICE, "N-0001")),
        ("DRIVES", make_id("Vehicle", POLICE, "N-0001")),
    }
    assert _statements(store, make_id("Phone", POLICE, "N-0001")) == {"number": ["+447700900456"]}
    assert _statements(store, make_id("Vehicle", POLICE, "N-0001")) == {"vrm": ["AB12CDE"]}
    assert record["id"] == partner_record_id(POLICE, "N-0001")
    assert record["organisation"] == POLICE
    assert record["content"].startswith("Seen with older males")
    assert record["classification"] == "OFFICIAL-SENSITIVE"
    assert provenance == [("record", f"{POLICE}:N-0001")]


def test_only_a_police_nominal_carries_a_force_reference(
    sqlite_store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    housing = person_row(
        "T-77",
        organisation="Rutland County Council Housing",
        record_type="housing_tenancy",
        phone="",
        vrm="",
        alias="",
        street_name="",
    )
    path = write_csv(tmp_path / "p.csv", PERSON_COLUMNS, [housing])
    import_person_records(as_role(sqlite_store), path)
    person = person_id("Rutland County Council Housing", "T-77")
    assert "force_reference" not in _statements(sqlite_store, person)
    with sqlite_store.connect() as conn:
        link_types = set(conn.execute(select(tables.links.c.link_type)).scalars())
    assert link_types == {"LIVES_AT"}  # no phone or vehicle given, none invented


RECORD_FAULTS: list[tuple[dict[str, str], str]] = [
    ({"phone": "0770 090"}, "phone"),
    ({"postcode": "LE15 6CI"}, "postcode"),
    ({"vrm": "not a plate!"}, "vrm"),
    ({"date_of_birth": "2008-13-45"}, "date_of_birth"),
    ({"vulnerability": "CHILD_AT_RISK_CCE;GRUMPY"}, "vulnerability"),
    ({"record_type": "library"}, "record_type"),
    ({"recorded_at": "2026-02-01T10:00:00"}, "recorded_at"),
    ({"name": ""}, "name"),
    ({"classification": "SECRET"}, "classification"),
    ({"handling_code": "4"}, "handling_code"),
]


def test_invalid_records_are_quarantined_naming_row_and_column(
    sqlite_store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    bad = [person_row(f"N-{n}", **overrides) for n, (overrides, _) in enumerate(RECORD_FAULTS)]
    path = write_csv(tmp_path / "p.csv", PERSON_COLUMNS, [person_row("N-OK"), *bad])
    result = import_person_records(as_role(sqlite_store), path)
    assert (result.rows_loaded, result.rows_quarantined) == (1, len(RECORD_FAULTS))
    with sqlite_store.connect() as conn:
        held = conn.execute(select(tables.quarantine).order_by("row_number")).mappings().all()
    # The header is row 1 and the good record row 2, so the faults start at row 3.
    assert [(q["row_number"], q["record_ref"], q["field"]) for q in held] == [
        (n + 3, f"{POLICE}:N-{n}", field) for n, (_, field) in enumerate(RECORD_FAULTS)
    ]


def test_a_bare_recorded_date_is_read_as_that_day(
    sqlite_store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "p.csv", PERSON_COLUMNS, [person_row(recorded_at="2026-02-01")])
    assert import_person_records(as_role(sqlite_store), path).rows_loaded == 1


def test_a_file_without_the_expected_columns_is_rejected_whole(
    sqlite_store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    columns = [c for c in PERSON_COLUMNS if c != "organisation"]
    rows = [{k: v for k, v in person_row().items() if k != "organisation"}]
    with pytest.raises(FileRejected, match="organisation"):
        import_person_records(as_role(sqlite_store), write_csv(tmp_path / "p.csv", columns, rows))
    with sqlite_store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(tables.import_batches)).scalar() == 0


def test_rows_with_too_few_or_too_many_values_are_quarantined(
    sqlite_store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "p.csv", PERSON_COLUMNS, [person_row()])
    with path.open("a", encoding="utf-8") as handle:
        handle.write("N-9,Leicestershire Police,police_nominal\n")
        handle.write(",".join(["x"] * (len(PERSON_COLUMNS) + 2)) + "\n")
    result = import_person_records(as_role(sqlite_store), path)
    assert (result.rows_loaded, result.rows_quarantined) == (1, 2)
    assert any("fewer values" in p for p in result.problems)
    assert any("more values" in p for p in result.problems)


def test_reimporting_records_adds_nothing(
    store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "p.csv", PERSON_COLUMNS, [person_row("N-1"), person_row("N-2")])
    import_person_records(as_role(store), path)

    def counts() -> list[Any]:
        with store.connect() as conn:
            return [
                conn.execute(select(func.count()).select_from(t)).scalar()
                for t in (tables.entities, tables.statements, tables.links, tables.partner_records)
            ]

    before = counts()
    assert import_person_records(as_role(store), path).already_imported
    # The same rows in a new file (a partner's next extract) add nothing either.
    rewritten = write_csv(tmp_path / "p2.csv", PERSON_COLUMNS, [person_row("N-2")])
    again = import_person_records(as_role(store), rewritten)
    assert again.rows_loaded == 0
    assert counts() == before
