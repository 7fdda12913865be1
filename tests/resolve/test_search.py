"""Search: what a user types finds resolved entities, however the value was written."""

from __future__ import annotations

import pytest

from linewatch.access import Access, AccessDenied, Actor
from linewatch.model import AuditOperation, Judgement, Role
from linewatch.resolve import EntityHit, judge, resolve_exact, search
from linewatch.store import Store
from resolve.records import (
    PARTNER,
    as_analyst,
    as_partner,
    as_system,
    audit_records,
    entity,
)


@pytest.fixture
def world(sqlite_store: Store) -> Store:
    store = sqlite_store
    entity(store, "Person", "pe-1", {"name": "Jordan Wells", "alias": "JW"}, "lp:N1")
    entity(store, "Person", "pe-2", {"name": "Jordan Wells", "force_reference": "LP-9"}, "lp:N9")
    entity(store, "Person", "pe-3", {"name": "Ellie Jordan", "street_name": "Smudge"}, "csc:C2")
    entity(store, "Person", "pe-4", {"name": "Ellie Jordan"}, f"{PARTNER}:HT-2")
    entity(store, "Phone", "ph-1", {"number": "07700 900911"}, "lp:N1")
    entity(store, "Phone", "ph-2", {"number": "+447700900911"}, "IR-1")
    entity(store, "Vehicle", "ve-1", {"vrm": "YX19 ABC"}, "anpr:R1")
    entity(store, "Address", "ad-1", {"full": "9 Stamford Road", "postcode": "LE15 6AA"}, "hs:1")
    entity(store, "CountyLine", "cl-1", {"brand": "Smudge line"}, "IR-2")
    resolve_exact(as_system(store))
    judge(as_analyst(store), "pe-1", "pe-2", Judgement.POSITIVE, "same custody photograph")
    return store


def ids(hits: list[EntityHit]) -> list[str]:
    return [h.id for h in hits]


def test_a_phone_is_found_however_the_number_is_typed(world: Store) -> None:
    for typed in ("07700900911", "+44 7700 900911", "07700 900 911"):
        hits = search(as_analyst(world), typed)
        assert ids(hits) == ["ph-1"], typed
        assert hits[0].members == 2
        assert hits[0].matched_prop == "number"


def test_a_registration_and_a_postcode_are_found_in_any_spacing(world: Store) -> None:
    assert ids(search(as_analyst(world), "yx19abc")) == ["ve-1"]
    assert ids(search(as_analyst(world), "le156aa")) == ["ad-1"]


def test_a_force_reference_is_found_in_any_case(world: Store) -> None:
    hits = search(as_analyst(world), "lp-9")
    assert ids(hits) == ["pe-1"]
    assert hits[0].matched_prop == "force_reference"


def test_names_aliases_and_street_names_find_the_resolved_person(world: Store) -> None:
    analyst = as_analyst(world)

    assert ids(search(analyst, "JW")) == ["pe-1"]
    assert ids(search(analyst, "wells")) == ["pe-1"]
    hits = search(analyst, "smudge")
    assert set(ids(hits)) == {"pe-3", "cl-1"}
    person = next(h for h in hits if h.id == "pe-3")
    assert (person.schema, person.caption, person.matched_prop) == (
        "Person",
        "Ellie Jordan",
        "street_name",
    )


def test_a_whole_name_ranks_above_a_partial_one(world: Store) -> None:
    hits = search(as_analyst(world), "jordan wells")
    assert ids(hits) == ["pe-1"]
    hits = search(as_analyst(world), "jordan")
    # "Jordan Wells" starts with the query; "Ellie Jordan" only contains it.
    assert ids(hits)[0] == "pe-1"
    assert set(ids(hits)) == {"pe-1", "pe-3", "pe-4"}


def test_results_are_limited(world: Store) -> None:
    assert len(search(as_analyst(world), "jordan", limit=1)) == 1
    assert search(as_analyst(world), "   ") == []


def test_a_search_is_logged_as_a_consultation_of_what_it_showed(world: Store) -> None:
    search(as_analyst(world), "yx19 abc")

    assert audit_records(world, AuditOperation.CONSULTATION) == [["ve-1"]]


def test_a_partner_finds_only_what_it_may_see(world: Store) -> None:
    partner = as_partner(world)

    assert ids(search(partner, "jordan")) == ["pe-4"]
    assert search(partner, "07700 900911") == []


def test_searching_needs_personal_data_rights(world: Store) -> None:
    handler = Access(world, Actor("ch-1", Role.CALL_HANDLER, "leics-police"), "a call")

    with pytest.raises(AccessDenied):
        search(handler, "jordan")
