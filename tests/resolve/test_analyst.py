"""An analyst's judgements and splits: reversible merges that every link follows."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from linewatch.access import Access, AccessDenied
from linewatch.model import AuditOperation, Judgement
from linewatch.resolve import (
    ResolveConflict,
    canonical_id,
    canonical_links,
    judge,
    members,
    resolve_exact,
    split,
)
from linewatch.store import Store, tables
from resolve.records import as_analyst, as_officer, audit_records, entity, link


def canon(store: Store, entity_id: str) -> str:
    with store.connect() as conn:
        return canonical_id(conn, entity_id)


def judgement_rows(store: Store) -> list[dict[str, object]]:
    j = tables.resolver_judgements
    with store.connect() as conn:
        return [dict(r) for r in conn.execute(select(j).order_by(j.c.id)).mappings()]


def two_records_of_one_runner(store: Store) -> None:
    """Police and social care both know the runner; each record links to its own phone."""
    entity(store, "Person", "pe-1", {"name": "Tyler Reed", "force_reference": "LP-11"}, "lp:N11")
    entity(store, "Person", "pe-2", {"name": "Ty Reed", "force_reference": "LP-11"}, "csc:C4")
    entity(store, "Phone", "ph-1", {"number": "07700 900601"}, "lp:N11")
    entity(store, "Phone", "ph-2", {"number": "07700 900602"}, "csc:C4")
    entity(store, "Address", "ad-1", {"full": "3 Oak Row, Oakham"}, "csc:C4")
    link(store, "USES_PHONE", "pe-1", "ph-1", "lp:N11")
    link(store, "USES_PHONE", "pe-2", "ph-2", "csc:C4")
    link(store, "LIVES_AT", "pe-2", "ad-1", "csc:C4")


def graph(store: Store) -> set[tuple[str, str, str]]:
    with store.connect() as conn:
        return {(cl.link_type, cl.source, cl.target) for cl in canonical_links(conn)}


def test_an_analyst_merges_two_records(store: Store, analyst: Access) -> None:
    entity(store, "Person", "pe-1", {"name": "Mia Stone"}, "lp:N1")
    entity(store, "Person", "pe-2", {"name": "Mia Stone-Hart"}, "csc:C1")

    decision = judge(analyst, "pe-2", "pe-1", Judgement.POSITIVE, "same school, photo match")

    assert decision.left_canonical == decision.right_canonical == "pe-1"
    assert decision.judgement.left_id == "pe-1"
    assert decision.judgement.method == "analyst"
    assert decision.judgement.decided_by == "analyst-1"
    assert audit_records(store, AuditOperation.COMBINATION) == [["pe-1", "pe-2"]]


def test_judging_needs_the_resolve_permission_and_a_reason(sqlite_store: Store) -> None:
    analyst = as_analyst(sqlite_store)
    officer = as_officer(sqlite_store)
    entity(sqlite_store, "Person", "pe-1", {"name": "Mia Stone"}, "lp:N1")
    entity(sqlite_store, "Person", "pe-2", {"name": "Mia Stone"}, "csc:C1")

    with pytest.raises(AccessDenied):
        judge(officer, "pe-1", "pe-2", Judgement.POSITIVE, "looks the same")
    with pytest.raises(ValueError, match="reason"):
        judge(analyst, "pe-1", "pe-2", Judgement.POSITIVE, "  ")
    with pytest.raises(LookupError):
        judge(analyst, "pe-1", "pe-404", Judgement.POSITIVE, "looks the same")
    assert judgement_rows(sqlite_store) == []


def test_records_of_different_kinds_cannot_be_merged(sqlite_store: Store) -> None:
    analyst = as_analyst(sqlite_store)
    entity(sqlite_store, "Person", "pe-1", {"name": "Mia Stone"}, "lp:N1")
    entity(sqlite_store, "Phone", "ph-1", {"number": "07700 900601"}, "lp:N1")

    with pytest.raises(ValueError, match="cannot be one thing"):
        judge(analyst, "pe-1", "ph-1", Judgement.POSITIVE, "typo")


def test_split_brings_both_records_and_every_link_back_apart(
    store: Store, system: Access, analyst: Access
) -> None:
    two_records_of_one_runner(store)
    resolve_exact(system)
    assert canon(store, "pe-2") == "pe-1"
    assert graph(store) == {
        ("USES_PHONE", "pe-1", "ph-1"),
        ("USES_PHONE", "pe-1", "ph-2"),
        ("LIVES_AT", "pe-1", "ad-1"),
    }

    decision = split(analyst, "pe-2", "pe-1", "reference keyed against the wrong nominal")

    assert canon(store, "pe-1") == "pe-1"
    assert canon(store, "pe-2") == "pe-2"
    assert decision.left_canonical == "pe-1"
    assert decision.right_canonical == "pe-2"
    assert graph(store) == {
        ("USES_PHONE", "pe-1", "ph-1"),
        ("USES_PHONE", "pe-2", "ph-2"),
        ("LIVES_AT", "pe-2", "ad-1"),
    }
    positive, negative = judgement_rows(store)
    assert positive["judgement"] == "POSITIVE"
    assert positive["retracted_by"] == "analyst-1"
    assert positive["retracted_at"] is not None
    assert decision.retracted == [positive["id"]]
    assert negative["judgement"] == "NEGATIVE"
    assert negative["retracted_at"] is None
    assert negative["reason"] == "reference keyed against the wrong nominal"
    assert audit_records(store, AuditOperation.ALTERATION) == [["pe-1", "pe-2"]]


def test_a_split_is_not_undone_by_the_next_exact_run(
    store: Store, system: Access, analyst: Access
) -> None:
    two_records_of_one_runner(store)
    resolve_exact(system)
    split(analyst, "pe-1", "pe-2", "two brothers share the reference by mistake")

    again = resolve_exact(system)

    assert again.merged == 0
    assert canon(store, "pe-2") == "pe-2"


def test_splitting_records_that_are_not_merged_is_refused(sqlite_store: Store) -> None:
    analyst = as_analyst(sqlite_store)
    entity(sqlite_store, "Person", "pe-1", {"name": "Mia Stone"}, "lp:N1")
    entity(sqlite_store, "Person", "pe-2", {"name": "Mia Stone"}, "csc:C1")

    with pytest.raises(ValueError, match="not merged"):
        split(analyst, "pe-1", "pe-2", "not the same")


def test_a_negative_judgement_blocks_a_later_exact_merge(
    store: Store, system: Access, analyst: Access
) -> None:
    entity(store, "Phone", "ph-1", {"number": "07700 900700"}, "r:1")
    entity(store, "Phone", "ph-2", {"number": "07700 900700"}, "r:2")
    judge(analyst, "ph-1", "ph-2", Judgement.NEGATIVE, "number reallocated after a year")

    result = resolve_exact(system)

    assert result.merged == 0
    assert result.already_judged == 1
    assert canon(store, "ph-2") == "ph-2"
    assert audit_records(store, AuditOperation.ALTERATION) == [["ph-1", "ph-2"]]


def test_a_negative_judgement_keeps_groups_apart_through_a_third_record(
    store: Store, system: Access, analyst: Access
) -> None:
    for name in ("ph-1", "ph-2", "ph-3"):
        entity(store, "Phone", name, {"number": "07700 900701"}, f"r:{name}")
    judge(analyst, "ph-1", "ph-3", Judgement.NEGATIVE, "different subscribers")

    result = resolve_exact(system)

    assert result.merged == 1
    assert result.blocked == 1
    assert canon(store, "ph-2") == "ph-1"
    assert canon(store, "ph-3") == "ph-3"


def test_splitting_a_chain_retracts_the_judgement_that_bridges_it(
    store: Store, system: Access, analyst: Access
) -> None:
    # pe-1 and pe-2 share a reference; pe-2 and pe-3 share name and date of birth.
    entity(store, "Person", "pe-1", {"name": "Ali Khan", "force_reference": "LP-5"}, "lp:1")
    props = {"name": "Ali Khan", "date_of_birth": "2007-02-03", "force_reference": "LP-5"}
    entity(store, "Person", "pe-2", props, "lp:2")
    entity(store, "Person", "pe-3", {"name": "Ali Khan", "date_of_birth": "2007-02-03"}, "sch:9")
    resolve_exact(system)
    with store.connect() as conn:
        assert members(conn, "pe-3") == ["pe-1", "pe-2", "pe-3"]

    decision = split(analyst, "pe-1", "pe-3", "school record is a cousin")

    assert canon(store, "pe-1") != canon(store, "pe-3")
    assert len(decision.retracted) == 1
    active = [r for r in judgement_rows(store) if r["retracted_at"] is None]
    assert {(r["left_id"], r["right_id"], r["judgement"]) for r in active} >= {
        ("pe-1", "pe-3", "NEGATIVE")
    }


def test_merging_against_a_negative_judgement_is_refused(sqlite_store: Store) -> None:
    analyst = as_analyst(sqlite_store)
    for name in ("pe-1", "pe-2", "pe-3"):
        entity(sqlite_store, "Person", name, {"name": "Sam Cole"}, f"r:{name}")
    judge(analyst, "pe-1", "pe-2", Judgement.POSITIVE, "same custody photo")
    judge(analyst, "pe-2", "pe-3", Judgement.NEGATIVE, "different ages")

    with pytest.raises(ResolveConflict, match=r"pe-2 and pe-3|pe-3 and pe-2"):
        judge(analyst, "pe-1", "pe-3", Judgement.POSITIVE, "same address")
    assert canon(sqlite_store, "pe-3") == "pe-3"


def test_unsure_takes_back_an_earlier_merge_of_the_pair(sqlite_store: Store) -> None:
    analyst = as_analyst(sqlite_store)
    entity(sqlite_store, "Person", "pe-1", {"name": "Sam Cole"}, "r:1")
    entity(sqlite_store, "Person", "pe-2", {"name": "Sam Cole"}, "r:2")
    judge(analyst, "pe-1", "pe-2", Judgement.POSITIVE, "same custody photo")

    decision = judge(analyst, "pe-1", "pe-2", "UNSURE", "photo is of poor quality")

    assert canon(sqlite_store, "pe-2") == "pe-2"
    assert len(decision.retracted) == 1
    assert [r["judgement"] for r in judgement_rows(sqlite_store) if r["retracted_at"] is None] == [
        "UNSURE"
    ]
