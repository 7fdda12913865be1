from __future__ import annotations

from sqlalchemy import select

from linewatch.access import Access
from linewatch.network import build_graph
from linewatch.network.roles import (
    CONTROLLER,
    COURIER_VEHICLE,
    CUCKOOED_ADDRESS,
    CUCKOOED_OCCUPANT,
    CUSTOMER,
    LINE_HOLDER,
    POTENTIAL_VICTIM,
    RUNNER,
    STOREKEEPER,
    infer_roles,
    record_roles,
    roles_by_subject,
)
from linewatch.store import Provenance, Store, add_entity, add_link, make_id, tables, utcnow
from network.smallpicture import CALLS, REPORT, SmallPicture

HOUSING = Provenance(source_kind="record", source_id="rutland-housing:T-10", is_synthetic=True)


def _add_base(store: Store, ids: dict[str, str]) -> dict[str, str]:
    """The Texas line's base at a vulnerable tenant's flat, a customer, a boss, a stash house,
    a reported courier, a car two of its workers share and a car one borrows."""
    extra: dict[str, str] = {}
    with store.begin() as conn:

        def entity(schema: str, key: str, props: dict[str, str], prov: Provenance) -> str:
            extra[key] = add_entity(conn, schema, make_id(schema, "roles", key), props, prov)
            return extra[key]

        entity("Address", "flat", {"full": "4 Elm Court, Oakham", "postcode": "LE15 6AA"}, HOUSING)
        entity("Person", "tenant", {"name": "Val Tenant"}, HOUSING)
        entity("Address", "stash", {"full": "9 Ash Lane, Uppingham"}, HOUSING)
        entity("Person", "keeper", {"name": "Sam Stock"}, HOUSING)
        entity("Person", "boss", {"name": "Rex Boss"}, REPORT)
        entity("Person", "boss_friend", {"name": "Ned Other"}, REPORT)
        entity("Phone", "customer_phone", {"number": "+447700900333"}, CALLS)
        entity("Vehicle", "courier", {"vrm": "EF21 GHJ"}, REPORT)
        entity("Vehicle", "shared_car", {"vrm": "GH22 JKL"}, REPORT)
        entity("Vehicle", "lent_car", {"vrm": "JK23 LMN"}, HOUSING)
        entity("Person", "lender", {"name": "Pat Lender"}, HOUSING)
        # The runner again, under a misspelt name that resolution has not merged.
        entity("Person", "runner_again", {"name": "Jo Runnre"}, HOUSING)
        entity("Vehicle", "family_car", {"vrm": "LM24 NPR"}, HOUSING)
        every = {**ids, **extra}

        def link(kind: str, a: str, b: str, prov: Provenance, weight: float | None = None) -> None:
            add_link(conn, kind, every[a], every[b], prov, weight=weight)

        link("OPERATES_FROM", "texas", "flat", REPORT)
        link("LIVES_AT", "tenant", "flat", HOUSING)
        link("STAYS_AT", "runner", "flat", REPORT)
        link("OPERATES_FROM", "texas", "stash", REPORT)
        link("LIVES_AT", "keeper", "stash", HOUSING)
        link("ASSOCIATES_WITH", "keeper", "runner", REPORT)
        link("HOLDS_LINE", "holder_a", "texas", REPORT)
        link("ASSOCIATES_WITH", "boss", "holder_a", REPORT)
        link("ASSOCIATES_WITH", "boss", "boss_friend", REPORT)
        link("CONTACTED", "line", "customer_phone", CALLS, 2.0)
        link("COURIER_FOR", "courier", "texas", REPORT)
        link("DRIVES", "runner", "shared_car", REPORT)
        link("DRIVES", "runs_for", "shared_car", REPORT)
        link("DRIVES", "runs_for", "lent_car", REPORT)
        link("KEEPER_OF", "lender", "lent_car", HOUSING)
        link("USES_PHONE", "runner_again", "runner_phone", HOUSING)
        link("DRIVES", "runner_again", "family_car", HOUSING)
        link("DRIVES", "runner", "family_car", REPORT)
    return extra


def test_roles_are_inferred_with_their_reasons(
    store: Store, small_picture: SmallPicture, analyst: Access
) -> None:
    ids = small_picture.ids
    extra = _add_base(store, ids)

    found = roles_by_subject(infer_roles(build_graph(analyst)))

    def roles(key: str) -> set[str]:
        subject = {**ids, **extra}[key]
        return {f.role for f in found.get(subject, [])}

    holder = ids["holder_a"] if ids["holder_a"] in found else ids["holder_b"]
    assert LINE_HOLDER in {f.role for f in found[holder]}
    holding = next(f for f in found[holder] if f.role == LINE_HOLDER)
    assert "reported to hold the Texas line" in holding.reasons
    assert holding.score > 0.9  # stated and seen in the calls: two grounds
    assert roles("runner") == {RUNNER, POTENTIAL_VICTIM}
    assert roles("runs_for") == {RUNNER, POTENTIAL_VICTIM}
    # A runner's own car, and the holder's, are not couriers on that alone.
    assert roles("runner_car") == set()
    assert roles("holder_car") == set()
    assert roles("courier") == {COURIER_VEHICLE}
    assert roles("shared_car") == {COURIER_VEHICLE}
    assert roles("lent_car") == {COURIER_VEHICLE}
    assert roles("lender") == set()
    # Two records of one person (the same phone) driving a car do not make it shared.
    assert RUNNER in roles("runner_again")
    assert roles("family_car") == set()
    shared = next(f for f in found[extra["shared_car"]] if f.role == COURIER_VEHICLE)
    assert "driven or kept by 2 people working lines" in shared.reasons[0]
    assert len([r for r in shared.evidence if r["kind"] == "link"]) >= 4  # drives + roles
    assert {"kind": "assessment", "id": ids["assessment"]} in shared.evidence
    lent = next(f for f in found[extra["lent_car"]] if f.role == COURIER_VEHICLE)
    assert "registered to Pat Lender, who does not" in lent.reasons[0]
    assert lent.score < shared.score
    assert roles("flat") == {CUCKOOED_ADDRESS}
    assert roles("tenant") == {CUCKOOED_OCCUPANT, POTENTIAL_VICTIM}
    assert roles("keeper") == {STOREKEEPER, POTENTIAL_VICTIM}
    assert roles("customer_phone") == {CUSTOMER}
    assert roles("boss") == {CONTROLLER}
    assert roles("far") == set()
    runner = next(f for f in found[ids["runner"]] if f.role == RUNNER)
    assert any("contacts their phone +447700900020 30 times" in r for r in runner.reasons)
    assert {"kind": "assessment", "id": ids["assessment"]} in runner.evidence
    assert all(ref["kind"] in {"link", "assessment"} for ref in runner.evidence)


def test_roles_are_assessments_that_supersede_the_last_run(
    store: Store, small_picture: SmallPicture, analyst: Access
) -> None:
    findings = infer_roles(build_graph(analyst))

    first = record_roles(analyst, findings)
    second = record_roles(analyst, findings)

    a = tables.assessments
    with store.begin() as conn:
        rows = conn.execute(
            select(a.c.id, a.c.claim, a.c.superseded_at, a.c.method).where(a.c.claim.like("ROLE:%"))
        ).all()
        facts = conn.execute(select(tables.entities.c.id)).all()
    assert len(rows) == len(first) + len(second) == 2 * len(findings)
    assert {r.id for r in rows if r.superseded_at is None} == set(second)
    assert {r.method for r in rows} == {"network.roles"}
    assert facts  # entities untouched


def test_callers_and_the_workers_circle_take_their_roles_from_the_call_links(
    store: Store, small_picture: SmallPicture, analyst: Access
) -> None:
    ids = small_picture.ids
    now = utcnow()
    with store.begin() as conn:

        def phone(key: str, number: str) -> str:
            return add_entity(
                conn, "Phone", make_id("Phone", "circle", key), {"number": number}, CALLS
            )

        buyer = phone("buyer", "+447700900401")
        once = phone("once", "+447700900402")
        boss = phone("boss", "+447700900403")
        keeper = add_entity(
            conn, "Person", make_id("Person", "circle", "k"), {"name": "Di Store"}, HOUSING
        )
        stash = phone("stash", "+447700900404")
        add_link(conn, "CONTACTED", buyer, ids["line"], CALLS, weight=14.0)
        add_link(conn, "CONTACTED", once, ids["line"], CALLS, weight=1.0)
        add_link(conn, "CONTACTED", boss, ids["line"], CALLS, weight=3.0)
        add_link(conn, "CONTACTED", ids["holder_phone"], boss, CALLS, weight=40.0)
        add_link(conn, "CONTACTED", ids["runner_phone"], stash, CALLS, weight=12.0)
        add_link(conn, "USES_PHONE", keeper, stash, HOUSING)
        placed = {}
        for subject, claim in ((boss, "CONTROLLER_PHONE"), (stash, "STOREKEEPER_PHONE")):
            placed[subject] = make_id("as", subject, claim)
            conn.execute(
                tables.assessments.insert().values(
                    id=placed[subject],
                    subject_id=subject,
                    claim=claim,
                    score=0.7,
                    reasons=["in touch with the line's workers"],
                    evidence=[{"kind": "production", "id": "P-0001"}],
                    method="comms.line_staff",
                    method_version="1",
                    created_at=now,
                )
            )

    found = roles_by_subject(infer_roles(build_graph(analyst)))

    def roles(subject: str) -> set[str]:
        return {f.role for f in found.get(subject, [])}

    assert roles(buyer) == {CUSTOMER}
    customer = found[buyer][0]
    assert "called or texted deal line +447700900001 14 times" in customer.reasons[0]
    assert {"kind": "assessment", "id": ids["assessment"]} in customer.evidence
    assert roles(once) == set()  # one call may be a wrong number
    assert roles(boss) == {CONTROLLER}  # it called the line, but comms places it above
    assert {"kind": "assessment", "id": placed[boss]} in found[boss][0].evidence
    assert roles(stash) == {STOREKEEPER}
    assert STOREKEEPER in roles(keeper)
    assert any(ref["kind"] == "link" for ref in found[keeper][0].evidence)
