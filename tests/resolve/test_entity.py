"""The resolved entity page: every value with its sources, links, flags and how it was merged."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from linewatch.access import FORCE_ORG, Access, AccessDenied, Actor
from linewatch.model import AuditOperation, Judgement, Role
from linewatch.resolve import entity_view, judge, resolve_exact
from linewatch.store import Store, tables
from resolve.records import (
    PARTNER,
    PARTNER_NAME,
    as_analyst,
    as_partner,
    as_system,
    audit_records,
    disclose_to_partner,
    entity,
    link,
)

MARCH = datetime(2026, 3, 1, tzinfo=UTC)
APRIL = datetime(2026, 4, 1, tzinfo=UTC)


def runner_known_to_three_agencies(store: Store) -> None:
    """Police, housing and a school each record the same child, with different details."""
    entity(
        store,
        "Person",
        "pe-police",
        {"name": "Callum Hart", "date_of_birth": "2010-05-06", "force_reference": "LP-77"},
        "leics-police:LP-77",
        "1/A/P",
    )
    entity(
        store,
        "Person",
        "pe-housing",
        {"name": "Callum Hart", "date_of_birth": "2010-06-05", "street_name": "Cal"},
        f"{PARTNER_NAME}:HT-5",
        "2/C/C",
    )
    entity(
        store,
        "Person",
        "pe-school",
        {"name": "callum hart", "date_of_birth": "2010-06-05"},
        "school:S-9",
        "2/B/P",
    )
    entity(store, "Phone", "ph-police", {"number": "07700 900811"}, "leics-police:LP-77")
    entity(store, "Phone", "ph-report", {"number": "+447700900811"}, "IR-2026-000004")
    entity(store, "Address", "ad-housing", {"full": "4 Vale Close, Oakham"}, f"{PARTNER}:HT-5")
    link(store, "USES_PHONE", "pe-police", "ph-police", "leics-police:LP-77", valid_from=MARCH)
    link(store, "USES_PHONE", "pe-police", "ph-report", "IR-2026-000004", valid_to=APRIL)
    link(store, "LIVES_AT", "pe-housing", "ad-housing", f"{PARTNER}:HT-5")


def add_assessment(
    store: Store, assessment_id: str, subject: str, *, superseded: bool = False
) -> None:
    with store.begin() as conn:
        conn.execute(
            tables.assessments.insert().values(
                id=assessment_id,
                subject_id=subject,
                claim="CHILD_AT_RISK_CCE",
                score=0.8,
                reasons=["missing episodes", "older associates"],
                evidence=[{"kind": "record", "id": "school:S-9"}],
                method="safeguard.cce_indicators",
                method_version="1",
                created_at=MARCH,
                superseded_at=APRIL if superseded else None,
            )
        )


@pytest.fixture
def merged(sqlite_store: Store) -> Store:
    runner_known_to_three_agencies(sqlite_store)
    system = as_system(sqlite_store)
    resolve_exact(system)
    # The police nominal and the others disagree on the date of birth: an analyst joins them.
    judge(as_analyst(sqlite_store), "pe-police", "pe-school", Judgement.POSITIVE, "same child")
    return sqlite_store


def test_disagreeing_sources_both_stay_visible_with_their_gradings(merged: Store) -> None:
    view = entity_view(as_analyst(merged), "pe-school")

    assert view.id == "pe-housing"
    assert view.requested_id == "pe-school"
    assert view.schema == "Person"
    assert view.members == ["pe-housing", "pe-police", "pe-school"]
    assert sorted(view.values("date_of_birth")) == ["2010-05-06", "2010-06-05"]
    dob = {p.value: p for p in view.properties if p.prop == "date_of_birth"}
    assert [(s.source_id, s.grading) for s in dob["2010-05-06"].sources] == [
        ("leics-police:LP-77", "1/A/P")
    ]
    assert sorted(s.grading or "" for s in dob["2010-06-05"].sources) == ["2/B/P", "2/C/C"]
    assert dob["2010-06-05"].label == "Date of birth"
    assert view.caption == "Callum Hart"
    assert [p.prop for p in view.properties][:3] == ["name", "name", "street_name"]


def test_the_judgements_that_merged_it_are_shown(merged: Store) -> None:
    view = entity_view(as_analyst(merged), "pe-police")

    methods = sorted(j.method for j in view.judgements)
    assert methods == ["analyst", "exact:date_of_birth+name"]
    assert all(j.judgement == "POSITIVE" for j in view.judgements)


def test_links_point_at_canonical_targets_with_all_their_evidence(merged: Store) -> None:
    view = entity_view(as_analyst(merged), "pe-housing")

    phones = [lk for lk in view.links if lk.link_type == "USES_PHONE"]
    assert len(phones) == 1
    phone = phones[0]
    assert phone.other_id == "ph-police"
    assert phone.other_caption == "+447700900811"
    assert phone.other_schema == "Phone"
    assert phone.label == "uses phone"
    assert phone.direction == "outgoing"
    assert sorted(ev.evidence_id for ev in phone.evidence) == [
        "IR-2026-000004",
        "leics-police:LP-77",
    ]
    assert phone.valid_from is not None and phone.valid_from.date() == MARCH.date()
    assert phone.valid_to is not None and phone.valid_to.date() == APRIL.date()
    lives = [lk for lk in view.links if lk.link_type == "LIVES_AT"]
    assert [lk.other_caption for lk in lives] == ["4 Vale Close, Oakham"]


def test_incoming_links_are_shown_from_the_other_side(merged: Store) -> None:
    view = entity_view(as_analyst(merged), "ph-report")

    assert view.id == "ph-police"
    assert [(lk.link_type, lk.direction, lk.other_id) for lk in view.links] == [
        ("USES_PHONE", "incoming", "pe-housing")
    ]
    assert view.links[0].other_caption == "Callum Hart"


def test_assessments_on_any_member_or_the_canonical_id_are_shown(merged: Store) -> None:
    add_assessment(merged, "as-1", "pe-school")
    add_assessment(merged, "as-2", "pe-housing")
    add_assessment(merged, "as-old", "pe-police", superseded=True)

    view = entity_view(as_analyst(merged), "pe-police")

    assert sorted(a.id for a in view.assessments) == ["as-1", "as-2"]
    flag = view.assessments[0]
    assert flag.reasons == ["missing episodes", "older associates"]
    assert flag.evidence == [{"kind": "record", "id": "school:S-9"}]
    assert flag.method == "safeguard.cce_indicators"


def test_viewing_is_logged_as_a_consultation_of_the_members(merged: Store) -> None:
    entity_view(as_analyst(merged), "pe-school")

    assert audit_records(merged, AuditOperation.CONSULTATION) == [
        ["pe-housing", "pe-police", "pe-school"]
    ]


def test_the_view_is_plain_json(merged: Store) -> None:
    view = entity_view(as_analyst(merged), "pe-school")

    data = json.loads(json.dumps(view.to_dict()))

    assert data["id"] == "pe-housing"
    assert data["properties"][0]["sources"][0]["observed_at"].startswith("2026-03-01")
    assert data["judgements"][0]["decided_by"]


def test_without_personal_data_rights_the_view_is_refused(merged: Store) -> None:
    pcc = Access(merged, Actor("pcc-1", Role.PCC_OFFICE, "leics-pcc"), "performance")

    with pytest.raises(AccessDenied):
        entity_view(pcc, "pe-police")
    assert audit_records(merged, AuditOperation.CONSULTATION) == []


def test_an_unknown_entity_is_a_lookup_error(sqlite_store: Store) -> None:
    with pytest.raises(LookupError):
        entity_view(as_analyst(sqlite_store), "pe-nobody")


def test_a_partner_sees_only_its_own_and_disclosed_sources(store: Store) -> None:
    runner_known_to_three_agencies(store)
    resolve_exact(as_system(store))
    partner = as_partner(store)
    disclose_to_partner(store, "school:S-9")

    view = entity_view(partner, "pe-housing")

    sources = {s.source_id for p in view.properties for s in p.sources}
    assert sources == {f"{PARTNER_NAME}:HT-5", "school:S-9"}
    assert "2010-05-06" not in view.values("date_of_birth")
    assert [(lk.link_type, lk.other_caption) for lk in view.links] == [
        ("LIVES_AT", "4 Vale Close, Oakham")
    ]
    assert view.judgements == []
    assert view.members == ["pe-housing", "pe-school"]


def test_a_partner_is_refused_an_entity_it_has_no_record_of(store: Store) -> None:
    runner_known_to_three_agencies(store)
    partner = as_partner(store)

    with pytest.raises(AccessDenied):
        entity_view(partner, "pe-police")


def test_a_partner_sees_a_flag_only_when_it_was_disclosed(sqlite_store: Store) -> None:
    runner_known_to_three_agencies(sqlite_store)
    add_assessment(sqlite_store, "as-1", "pe-housing")
    add_assessment(sqlite_store, "as-2", "pe-housing")
    partner = as_partner(sqlite_store)
    disclose_to_partner(sqlite_store, "as-2")

    view = entity_view(partner, "pe-housing")

    assert [a.id for a in view.assessments] == ["as-2"]


def test_a_force_user_sees_every_source(sqlite_store: Store) -> None:
    runner_known_to_three_agencies(sqlite_store)
    officer = Access(sqlite_store, Actor("officer-1", Role.OFFICER, FORCE_ORG), "visit")

    view = entity_view(officer, "pe-housing")

    assert {s.source_id for p in view.properties for s in p.sources} == {f"{PARTNER_NAME}:HT-5"}
    assert view.values("street_name") == ["Cal"]
