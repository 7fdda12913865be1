"""The vulnerability register and one address's picture: markers with the records behind them,
the risk with its reasons and opened evidence, visits and closure."""

from __future__ import annotations

import pytest

from linewatch.access import AccessDenied
from linewatch.model import RiskLevel, Role
from linewatch.safeguard import (
    NotFound,
    address_picture,
    assess_cuckooing_risk,
    serve_notice,
    vulnerability_register,
)
from safeguard.conftest import AS_OF, Street
from safeguard.world import acting, at


def test_people_and_addresses_with_the_records_behind_each_marker(street: Street) -> None:
    store = street.world.store
    assess_cuckooing_risk(acting(store), AS_OF)
    register = vulnerability_register(acting(store, Role.OFFICER), as_of=AS_OF)
    people = {p.person_id: p for p in register.people}
    # Ryan: a report says he is 15 and runs drugs for older men (no date of birth).
    assert set(people) == {street.mary, street.bill, street.sue, street.ryan}
    ryan = people[street.ryan]
    assert ryan.kind == "child" and [m.code for m in ryan.markers] == ["OLDER_ASSOCIATES"]
    assert [s.title for s in ryan.markers[0].sources] == [
        "Report IR-4: with older or controlling people"
    ]
    mary = people[street.mary]
    assert mary.kind == "adult" and [m.code for m in mary.markers] == [
        "SUBSTANCE_MISUSE",
        "LIVES_ALONE",
    ]
    assert {s.kind for m in mary.markers for s in m.sources} <= {"partner_record", "record"}
    addresses = {a.address_id: a for a in register.addresses}
    assert set(addresses) == {street.willow, street.elm, street.oak}
    willow = addresses[street.willow]
    assert willow.tenants == [(street.mary, "Mary Clarke")]
    assert willow.risk_level is RiskLevel.HIGH
    assert all(s.about == "Mary Clarke" for m in willow.markers for s in m.sources)
    # The highest risk first.
    assert register.addresses[0].address_id == street.willow
    only_children = vulnerability_register(acting(store, Role.OFFICER), "child", AS_OF)
    assert [p.person_id for p in only_children.people] == [street.ryan]
    assert only_children.addresses == []
    with pytest.raises(ValueError, match="kind 'pets'"):
        vulnerability_register(acting(store, Role.OFFICER), "pets")
    with pytest.raises(AccessDenied):
        vulnerability_register(acting(store, Role.PARTNER))


def test_a_report_about_a_child_is_a_source_for_the_marker_it_shows(street: Street) -> None:
    w = street.world
    child = w.person("N20", "Leo Hart", date_of_birth="2011-02-02")
    w.report(
        "IR-20",
        "Leo keeps going missing from school and has two phones now.",
        "2026-02-12",
        [(child, {"name": "Leo Hart"})],
    )
    register = vulnerability_register(acting(w.store, Role.OFFICER), "child", AS_OF)
    leo = next(p for p in register.people if p.person_id == child)
    assert leo.kind == "child" and leo.age == 15
    assert {m.code: [s.kind for s in m.sources] for m in leo.markers} == {
        "MISSING_EPISODES": ["report"],
        "UNEXPLAINED_MONEY": ["report"],
    }


def test_an_address_shows_its_risk_reasons_evidence_visits_and_closure(street: Street) -> None:
    store = street.world.store
    assess_cuckooing_risk(acting(store), AS_OF)
    officer = acting(store, Role.OFFICER)
    serve_notice(
        officer,
        street.oak,
        at("2026-02-27T09:00"),
        "INSPECTOR",
        "Insp Khan",
        at("2026-02-28T09:00"),
    )
    oak = address_picture(officer, street.oak, AS_OF)
    assert oak.address == "Flat 2, 40 Oak Road, Oakham, LE15 6DD"
    assert oak.risk is not None and oak.risk.reasons
    headings = [heading for heading, _ in oak.risk.evidence]
    assert "Welfare visits" in headings
    visits = dict(oak.risk.evidence)["Welfare visits"]
    assert (
        visits[0].id == "V1"
        and "signs found: new residents, drug paraphernalia" in visits[0].detail
    )
    assert [v.id for v in oak.visits_made] == ["V1"] and oak.next_visit is None
    # The 24-hour notice ran out before the end of 1 March with no hearing: it has lapsed.
    assert len(oak.closures) == 1 and oak.closure_status.value == "EXPIRED"
    assert oak.open_closure is None
    # The merged record of an address opens the same picture.
    willow = address_picture(officer, street.willow_mention, AS_OF)
    assert willow.address_id == street.willow and willow.risk is not None
    assert any("Report IR-" in item.title for _, items in willow.risk.evidence for item in items)
    with pytest.raises(NotFound):
        address_picture(officer, street.mary, AS_OF)
