"""Referrals and their decisions: the NRM's order of decisions, the recovery period, consent,
the social care response, what is overdue, and the prompt for a child with no referral."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from linewatch.access import AccessDenied
from linewatch.model import ReferralOutcome, ReferralType, Role
from linewatch.safeguard import (
    WorkflowError,
    get_referral,
    list_referrals,
    make_referral,
    needs_referral,
    record_decision,
)
from linewatch.safeguard.referrals import check_transition
from linewatch.store import tables
from safeguard.conftest import AS_OF, Street
from safeguard.world import acting, at

NRM = ReferralType.NRM.value
SCA = "Single Competent Authority"


@pytest.mark.parametrize(
    ("status", "decision", "words"),
    [
        ("PENDING", "POSITIVE_CG", "needs a positive reasonable grounds decision first"),
        ("NEGATIVE_RG", "POSITIVE_CG", r"closed \(Reasonable grounds: negative\)"),
        ("POSITIVE_RG", "NEGATIVE_RG", "awaits conclusive grounds: positive or conclusive"),
        ("POSITIVE_CG", "NEGATIVE_CG", "closed"),
        ("PENDING", "ACCEPTED", "awaits reasonable grounds"),
    ],
)
def test_an_nrm_decision_out_of_order_is_refused(status: str, decision: str, words: str) -> None:
    with pytest.raises(WorkflowError, match=words) as refused:
        check_transition(NRM, status, decision)
    assert refused.value.field_name == "decision"


def test_the_decisions_that_may_follow() -> None:
    check_transition(NRM, "PENDING", "POSITIVE_RG")
    check_transition(NRM, "N/A", "NEGATIVE_RG")
    check_transition(NRM, "POSITIVE_RG", "NEGATIVE_CG")
    check_transition("CHILDRENS_SOCIAL_CARE", "N/A", "ACCEPTED")
    check_transition("ADULT_SOCIAL_CARE", "ACCEPTED", "CLOSED")
    with pytest.raises(WorkflowError, match="Duty to Notify report is anonymous"):
        check_transition("DUTY_TO_NOTIFY", "N/A", "ACCEPTED")


def test_a_child_is_referred_to_the_nrm_and_the_decisions_follow_in_order(street: Street) -> None:
    officer = acting(street.world.store, Role.OFFICER, "pc-7")
    made = make_referral(
        officer, street.jay, ReferralType.NRM, at("2026-02-20T10:00"), may_be_child=True
    )
    assert made.is_child and made.consent_obtained is None and made.made_by == "pc-7"
    assert made.status_label == "Referred: awaiting a decision"
    assert made.next_decisions == ("POSITIVE_RG", "NEGATIVE_RG")
    with pytest.raises(WorkflowError, match="conclusive grounds decision needs"):
        record_decision(officer, made.id, "POSITIVE_CG", at("2026-04-01"), SCA)
    with pytest.raises(WorkflowError, match="before the referral") as early:
        record_decision(officer, made.id, "POSITIVE_RG", at("2026-02-19"), SCA)
    assert early.value.field_name == "decided_at"
    rg = record_decision(officer, made.id, "POSITIVE_RG", at("2026-02-24"), SCA, "RG letter")
    assert rg.status == "POSITIVE_RG" and rg.awaiting == "conclusive grounds decision"
    # The recovery period runs at least 30 days from the positive RG decision.
    with pytest.raises(WorkflowError, match=r"recovery period .* not before 26 Mar 2026"):
        record_decision(officer, made.id, "POSITIVE_CG", at("2026-03-10"), SCA)
    cg = record_decision(officer, made.id, "POSITIVE_CG", at("2026-06-01"), SCA)
    assert [d.decision for d in cg.decisions] == ["POSITIVE_RG", "POSITIVE_CG"]
    assert [d.recorded_by for d in cg.decisions] == ["pc-7", "pc-7"]
    assert cg.next_decisions == () and cg.due_at is None and not cg.overdue
    with pytest.raises(WorkflowError, match="closed"):
        record_decision(officer, made.id, "NEGATIVE_CG", at("2026-06-02"), SCA)
    with street.world.store.connect() as conn:
        stored = conn.execute(
            select(tables.referrals.c.outcome).where(tables.referrals.c.id == made.id)
        ).scalar()
        ops = conn.execute(
            select(tables.audit_log.c.operation, tables.audit_log.c.recipients)
        ).all()
    assert stored == ReferralOutcome.POSITIVE_CG.value
    assert ("DISCLOSURE", ["Single Competent Authority (Home Office)"]) in [tuple(o) for o in ops]


def test_an_adult_goes_to_the_nrm_only_with_consent(street: Street) -> None:
    officer = acting(street.world.store, Role.OFFICER)
    with pytest.raises(WorkflowError, match="Duty to Notify") as refused:
        make_referral(officer, street.mary, ReferralType.NRM, at("2026-02-21"))
    assert refused.value.field_name == "consent_obtained"
    made = make_referral(
        officer, street.mary, ReferralType.NRM, at("2026-02-21"), consent_obtained=True
    )
    assert made.consent_obtained is True and made.is_child is False
    with pytest.raises(WorkflowError, match="already recorded"):
        make_referral(
            officer, street.mary, ReferralType.NRM, at("2026-02-21"), consent_obtained=True
        )


def test_late_decisions_are_flagged_overdue_first(street: Street) -> None:
    officer = acting(street.world.store, Role.OFFICER)
    late = make_referral(
        officer, street.ryan, ReferralType.NRM, at("2026-02-01"), may_be_child=True
    )
    fresh = make_referral(
        officer, street.jay, ReferralType.NRM, at("2026-02-28T09:00"), may_be_child=True
    )
    listed = list_referrals(officer, AS_OF)
    assert [r.overdue for r in listed] == [True, True, False]
    assert listed[-1].id == fresh.id
    by_id = {r.id: r for r in listed}
    assert by_id[late.id].overdue and by_id[late.id].due_at == at("2026-02-08")
    assert not by_id[fresh.id].overdue
    # The imported children's social care referral (outcome N/A) awaits the council's answer.
    kai = by_id["REF-1"]
    assert kai.awaiting == "council's response" and kai.overdue
    accepted = record_decision(officer, "REF-1", "ACCEPTED", at("2026-02-02"), "Rutland CSC")
    assert accepted.awaiting == "closing of the case" and accepted.due_at is None
    assert get_referral(officer, "REF-1").status_label.startswith("Accepted")


def test_a_child_with_no_referral_is_always_prompted(street: Street) -> None:
    officer = acting(street.world.store, Role.OFFICER)
    prompted = {s.person_id for s in needs_referral(officer, AS_OF)}
    # Kai has a referral to children's social care; Jay (age unknown, uses a deal line) and
    # Ryan (a report says he is 15) have none.
    assert {street.jay, street.ryan} <= prompted and street.kai not in prompted
    make_referral(officer, street.jay, ReferralType.CHILDRENS_SOCIAL_CARE, at("2026-02-25"))
    prompted = {s.person_id for s in needs_referral(officer, AS_OF)}
    assert street.jay not in prompted and street.ryan in prompted


def test_who_may_record_referrals(street: Street) -> None:
    store = street.world.store
    with pytest.raises(AccessDenied):
        make_referral(acting(store, Role.ANALYST), street.jay, ReferralType.NRM, at("2026-02-20"))
    with pytest.raises(AccessDenied):
        list_referrals(acting(store, Role.PARTNER))
    with pytest.raises(WorkflowError, match="no person") as missing:
        make_referral(acting(store, Role.OFFICER), street.oak, ReferralType.NRM, at("2026-02-20"))
    assert missing.value.field_name == "person_id"
    # An officer's belief that an adult by date of birth may be a child changes nothing.
    with pytest.raises(WorkflowError, match="consent"):
        make_referral(
            acting(store, Role.OFFICER),
            street.ola,
            ReferralType.NRM,
            at("2026-02-20"),
            may_be_child=True,
        )
    future = at("2026-02-20") + timedelta(days=3650)
    with pytest.raises(WorkflowError, match="in the future"):
        make_referral(acting(store, Role.OFFICER), street.jay, ReferralType.NRM, future)
