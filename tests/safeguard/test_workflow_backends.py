"""Referrals, decisions and closures on each backend (times come back naive from SQLite and
aware from PostgreSQL; the rules must read them alike)."""

from __future__ import annotations

from linewatch.model import ReferralType, Role
from linewatch.safeguard import (
    ClosureStatus,
    address_picture,
    get_referral,
    make_referral,
    record_decision,
    record_hearing,
    serve_notice,
    vulnerability_register,
)
from linewatch.store import Store
from safeguard.world import World, acting, at


def test_a_referral_and_a_closure_round_trip(store: Store) -> None:
    w = World(store)
    home = w.address("3 Main Road, Uppingham", "LE15 9QX")
    tenant = w.person("H-9", "Ann Lee", date_of_birth="1950-01-01", vulnerability=("CARE_NEEDS",))
    w.link("LIVES_AT", tenant, home, record_id="H-9")
    child = w.person("N40", "Sam Cole", date_of_birth="2011-01-01")
    officer = acting(store, Role.OFFICER, "pc-2")
    made = make_referral(officer, child, ReferralType.NRM, at("2026-02-01T10:00"))
    assert made.is_child and made.made_at == at("2026-02-01T10:00")
    record_decision(officer, made.id, "POSITIVE_RG", at("2026-02-03T10:00"), "SCA")
    again = get_referral(officer, made.id)
    assert again.status == "POSITIVE_RG" and again.decisions[0].decided_at == at("2026-02-03T10:00")
    closure = serve_notice(
        officer, home, at("2026-02-10T09:00"), "SUPERINTENDENT", "Supt Ray", at("2026-02-12T09:00")
    )
    closure = record_hearing(officer, closure.id, at("2026-02-11T10:00"))
    assert closure.hearing_at == at("2026-02-11T10:00")
    picture = address_picture(officer, home, at("2026-02-11T12:00"))
    assert picture.closure_status is ClosureStatus.NOTICE_48H
    assert [m.code for m in picture.markers] == ["CARE_NEEDS", "PAST_CUCKOOING"]
    register = vulnerability_register(officer, "address", at("2026-02-11T12:00"))
    assert [a.address_id for a in register.addresses] == [home]
