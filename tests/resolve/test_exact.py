"""Exact resolution: shared strong identifiers merge records of one schema, and nothing else."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from linewatch.access import Access, AccessDenied
from linewatch.model import AuditOperation
from linewatch.resolve import (
    ExactMatcher,
    ExactRule,
    canonical_id,
    members,
    resolve_exact,
)
from linewatch.store import Store, tables
from resolve.records import as_officer, as_system, audit_records, entity, judgement_count


def canon(store: Store, entity_id: str) -> str:
    with store.connect() as conn:
        return canonical_id(conn, entity_id)


def test_phones_with_one_number_written_two_ways_are_merged(store: Store, system: Access) -> None:
    entity(store, "Phone", "ph-b", {"number": "07700 900123"}, "leics-police:N1")
    entity(store, "Phone", "ph-a", {"number": "+447700900123"}, "crimestoppers:CS-9")
    entity(store, "Phone", "ph-c", {"number": "07700 900124"}, "leics-police:N2")

    result = resolve_exact(system)

    assert result.merged == 1
    assert result.merged_by_method == {"exact:number": 1}
    assert canon(store, "ph-b") == canon(store, "ph-a") == "ph-a"
    assert canon(store, "ph-c") == "ph-c"
    with store.connect() as conn:
        row = conn.execute(select(tables.resolver_judgements)).mappings().one()
    assert (row["left_id"], row["right_id"]) == ("ph-a", "ph-b")
    assert row["judgement"] == "POSITIVE"
    assert row["method"] == "exact:number"
    assert "+447700900123" in row["reason"]
    assert row["decided_by"] == system.actor.id
    assert row["retracted_at"] is None


def test_a_shared_handset_imei_does_not_merge_two_numbers(store: Store, system: Access) -> None:
    imei = "35-209900-176148-1"
    entity(store, "Phone", "ph-old", {"number": "07700 900201", "imei": imei}, "calls:P-1")
    entity(store, "Phone", "ph-new", {"number": "07700 900202", "imei": imei}, "calls:P-2")

    assert resolve_exact(system).merged == 0
    assert canon(store, "ph-old") != canon(store, "ph-new")


def test_vehicles_merge_by_registration(sqlite_store: Store) -> None:
    system = as_system(sqlite_store)
    entity(sqlite_store, "Vehicle", "ve-1", {"vrm": "ab12 cde", "colour": "Silver"}, "anpr:R1")
    entity(sqlite_store, "Vehicle", "ve-2", {"vrm": "AB12CDE", "colour": "Grey"}, "leics-police:S1")
    entity(sqlite_store, "Vehicle", "ve-3", {"vrm": "AB12CDF"}, "leics-police:S2")

    assert resolve_exact(system).merged_by_method == {"exact:vrm": 1}
    assert canon(sqlite_store, "ve-2") == "ve-1"
    assert canon(sqlite_store, "ve-3") == "ve-3"


def test_people_merge_by_force_reference(store: Store, system: Access) -> None:
    entity(store, "Person", "pe-1", {"name": "Kyle Barnes", "force_reference": "LP-0042"}, "p:1")
    entity(store, "Person", "pe-2", {"name": "K Barnes", "force_reference": "lp-0042"}, "p:2")

    assert resolve_exact(system).merged_by_method == {"exact:force_reference": 1}
    assert canon(store, "pe-2") == "pe-1"


def test_people_merge_by_date_of_birth_and_normalised_full_name(
    store: Store, system: Access
) -> None:
    dob = "2009-04-17"
    entity(store, "Person", "pe-1", {"name": "Jayden O'Neill", "date_of_birth": dob}, "h:1")
    entity(store, "Person", "pe-2", {"name": "ONEILL,  jayden", "date_of_birth": dob}, "s:7")
    entity(
        store, "Person", "pe-3", {"name": "Jayden O'Neill", "date_of_birth": "2009-04-18"}, "x:1"
    )
    entity(store, "Person", "pe-4", {"name": "Jordan O'Neill", "date_of_birth": dob}, "x:2")
    entity(store, "Person", "pe-5", {"name": "Jayden O'Neill"}, "x:3")

    result = resolve_exact(system)

    assert result.merged_by_method == {"exact:date_of_birth+name": 1}
    assert canon(store, "pe-2") == "pe-1"
    for other in ("pe-3", "pe-4", "pe-5"):
        assert canon(store, other) == other


def test_addresses_merge_by_postcode_and_first_line(sqlite_store: Store) -> None:
    system = as_system(sqlite_store)
    entity(
        sqlite_store,
        "Address",
        "ad-1",
        {"full": "12 Mill Street, Oakham", "postcode": "LE15 6EA"},
        "a:1",
    )
    entity(sqlite_store, "Address", "ad-2", {"full": "12 Mill St", "postcode": "le156ea"}, "b:1")
    entity(
        sqlite_store,
        "Address",
        "ad-3",
        {"full": "14 Mill Street, Oakham", "postcode": "LE15 6EA"},
        "c:1",
    )
    entity(
        sqlite_store,
        "Address",
        "ad-4",
        {"full": "12 Mill Street, Uppingham", "postcode": "LE15 9QH"},
        "d:1",
    )
    entity(
        sqlite_store,
        "Address",
        "ad-5",
        {"full": "Flat 2, 12 Mill Street", "postcode": "LE15 6EA"},
        "e:1",
    )

    assert resolve_exact(system).merged_by_method == {"exact:postcode+full": 1}
    assert canon(sqlite_store, "ad-2") == "ad-1"
    for other in ("ad-3", "ad-4", "ad-5"):
        assert canon(sqlite_store, other) == other


def test_county_lines_merge_by_brand_ignoring_case(store: Store, system: Access) -> None:
    entity(store, "CountyLine", "cl-1", {"brand": "Dexter"}, "r:1")
    entity(store, "CountyLine", "cl-2", {"brand": "DEXTER"}, "r:2")
    entity(store, "CountyLine", "cl-3", {"brand": "Dex"}, "r:3")

    assert resolve_exact(system).merged_by_method == {"exact:brand": 1}
    assert canon(store, "cl-2") == "cl-1"
    assert canon(store, "cl-3") == "cl-3"


def test_a_group_resolves_to_its_smallest_id_with_one_judgement_per_merge(
    store: Store, system: Access
) -> None:
    for i in (5, 3, 9, 4):
        entity(store, "Phone", f"ph-{i}", {"number": "07700 900300"}, f"report:IR-{i}", "2/D/P")

    result = resolve_exact(system)

    assert result.merged == 3
    assert judgement_count(store) == 3
    with store.connect() as conn:
        assert members(conn, "ph-9") == ["ph-3", "ph-4", "ph-5", "ph-9"]
        assert {canonical_id(conn, f"ph-{i}") for i in (5, 3, 9, 4)} == {"ph-3"}


def test_resolving_twice_adds_nothing(store: Store, system: Access) -> None:
    entity(store, "Phone", "ph-1", {"number": "07700 900400"}, "r:1")
    entity(store, "Phone", "ph-2", {"number": "07700 900400"}, "r:2")
    entity(store, "Person", "pe-1", {"name": "Ann Lee", "date_of_birth": "1960-01-02"}, "r:3")
    entity(store, "Person", "pe-2", {"name": "Ann Lee", "date_of_birth": "1960-01-02"}, "r:4")
    first = resolve_exact(system)
    combinations = audit_records(store, AuditOperation.COMBINATION)

    second = resolve_exact(system)

    assert first.merged == 2
    assert second.merged == 0
    assert second.already_same + second.already_judged == second.candidates == 2
    assert judgement_count(store) == 2
    assert audit_records(store, AuditOperation.COMBINATION) == combinations


def test_records_merged_by_two_identifiers_get_one_judgement(sqlite_store: Store) -> None:
    system = as_system(sqlite_store)
    props = {"name": "Ann Lee", "date_of_birth": "1960-01-02", "force_reference": "LP-7"}
    entity(sqlite_store, "Person", "pe-1", props, "r:1")
    entity(sqlite_store, "Person", "pe-2", props, "r:2")

    result = resolve_exact(system)

    assert result.merged == 1
    assert result.already_same == 1
    assert judgement_count(sqlite_store) == 1


def test_a_merge_is_logged_as_a_combination_of_the_records(store: Store, system: Access) -> None:
    entity(store, "Vehicle", "ve-1", {"vrm": "AB12CDE"}, "r:1")
    entity(store, "Vehicle", "ve-2", {"vrm": "AB12CDE"}, "r:2")
    entity(store, "Vehicle", "ve-3", {"vrm": "XY12ZZZ"}, "r:3")

    resolve_exact(system)

    assert audit_records(store, AuditOperation.COMBINATION) == [["ve-1", "ve-2"]]


def test_nothing_to_merge_writes_no_combination(sqlite_store: Store) -> None:
    system = as_system(sqlite_store)
    entity(sqlite_store, "Vehicle", "ve-1", {"vrm": "AB12CDE"}, "r:1")

    result = resolve_exact(system)

    assert result.merged == 0
    assert audit_records(sqlite_store, AuditOperation.COMBINATION) == []


def test_statements_and_links_are_never_rewritten(sqlite_store: Store) -> None:
    system = as_system(sqlite_store)
    entity(sqlite_store, "Phone", "ph-1", {"number": "07700 900500"}, "r:1")
    entity(sqlite_store, "Phone", "ph-2", {"number": "07700 900500"}, "r:2")
    with sqlite_store.connect() as conn:
        before = sorted(tuple(r) for r in conn.execute(select(tables.statements)))

    resolve_exact(system)

    with sqlite_store.connect() as conn:
        assert sorted(tuple(r) for r in conn.execute(select(tables.statements))) == before


def test_an_officer_may_not_resolve(sqlite_store: Store) -> None:
    officer = as_officer(sqlite_store)
    with pytest.raises(AccessDenied):
        resolve_exact(officer)


def test_a_rule_naming_an_unknown_property_is_refused() -> None:
    with pytest.raises(ValueError, match="no property"):
        ExactMatcher([ExactRule("Phone", "colour")])
