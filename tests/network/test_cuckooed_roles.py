"""Cuckooed addresses and their occupants from safeguarding's cuckooing-risk assessments."""

from __future__ import annotations

from sqlalchemy import Connection

from linewatch.access import Access, system_access
from linewatch.model import Judgement
from linewatch.network import build_graph
from linewatch.network.roles import (
    CUCKOOED_ADDRESS,
    CUCKOOED_OCCUPANT,
    LINE_HOLDER,
    POTENTIAL_VICTIM,
    infer_roles,
    roles_by_subject,
)
from linewatch.resolve import judge
from linewatch.safeguard.cuckoo import CLAIM, METHOD
from linewatch.store import Provenance, Store, add_entity, add_link, make_id, tables, utcnow
from network.smallpicture import REPORT, SmallPicture

HOUSING = Provenance(source_kind="record", source_id="rutland-housing:T-11", is_synthetic=True)
ASC = Provenance(source_kind="record", source_id="rutland-asc:C-4", is_synthetic=True)
REASONS = [
    "2 reports mention the address (latest 09 Oct 2026); they describe: visitors at all hours",
    "someone living here is vulnerable: learning disability",
    "records of Rutland County Council Adult Social Care about people living here note: "
    "says the home is cuckooed",
    "a visit found strangers staying",
]


def _risk(
    conn: Connection, subject: str, score: float, level: str, superseded: bool = False
) -> str:
    now = utcnow()
    assessment_id = make_id("as", subject, CLAIM, score, superseded)
    conn.execute(
        tables.assessments.insert().values(
            id=assessment_id,
            subject_id=subject,
            claim=CLAIM,
            score=score,
            reasons=[f"risk level {level}", *REASONS],
            evidence=[{"kind": "report", "id": "report-1"}],
            method=METHOD,
            method_version="2",
            created_at=now,
            superseded_at=now if superseded else None,
        )
    )
    return assessment_id


def _homes(store: Store, ids: dict[str, str]) -> dict[str, str]:
    """A high-risk flat known from two merged records, a medium-risk house, a flat whose high
    risk was superseded, and a high risk on the line holder's own home."""
    out: dict[str, str] = {}
    with store.begin() as conn:

        def entity(schema: str, key: str, props: dict[str, str], prov: Provenance) -> str:
            out[key] = add_entity(conn, schema, make_id(schema, "cuckoo", key), props, prov)
            return out[key]

        entity("Address", "flat", {"full": "4 Elm Court, Oakham", "postcode": "LE15 6AA"}, HOUSING)
        entity("Address", "flat_asc", {"full": "Flat 4 Elm Court", "postcode": "LE15 6AA"}, ASC)
        entity("Person", "tenant", {"name": "Val Tenant"}, HOUSING)
        entity("Address", "house", {"full": "7 Birch Way, Oakham"}, HOUSING)
        entity("Person", "neighbour", {"name": "Ray Neighbour"}, HOUSING)
        entity("Address", "old", {"full": "2 Pine Row, Oakham"}, HOUSING)
        entity("Person", "old_tenant", {"name": "Fay Former"}, HOUSING)
        every = {**ids, **out}
        add_link(conn, "LIVES_AT", out["tenant"], out["flat"], HOUSING)
        add_link(conn, "STAYS_AT", every["runner"], out["flat_asc"], REPORT)
        add_link(conn, "LIVES_AT", out["neighbour"], out["house"], HOUSING)
        add_link(conn, "LIVES_AT", out["old_tenant"], out["old"], HOUSING)
        # Safeguarding assessed the record the resolver later merged away.
        out["flat_risk"] = _risk(conn, out["flat_asc"], 0.82, "HIGH")
        out["house_risk"] = _risk(conn, out["house"], 0.44, "MEDIUM")
        out["old_risk"] = _risk(conn, out["old"], 0.9, "HIGH", superseded=True)
        out["home_risk"] = _risk(conn, ids["home"], 0.7, "HIGH")
    judge(
        system_access(store, "Setting up a test picture"),
        out["flat"],
        out["flat_asc"],
        Judgement.POSITIVE,
        "Same flat written two ways, same postcode",
    )
    return out


def test_the_picture_carries_each_address_cuckooing_risk_through_merged_records(
    store: Store, small_picture: SmallPicture, analyst: Access
) -> None:
    homes = _homes(store, small_picture.ids)

    picture = build_graph(analyst)

    flat = picture.nodes[min(homes["flat"], homes["flat_asc"])]
    assert flat.cuckooing is not None
    assert (flat.cuckooing.assessment_id, flat.cuckooing.level) == (homes["flat_risk"], "HIGH")
    assert flat.cuckooing.reasons == REASONS  # the level is a field, not a reason
    house = picture.nodes[homes["house"]].cuckooing
    assert house is not None and house.level == "MEDIUM"
    assert picture.nodes[homes["old"]].cuckooing is None  # superseded


def test_a_high_risk_address_is_cuckooed_and_its_residents_are_occupants(
    store: Store, small_picture: SmallPicture, analyst: Access
) -> None:
    ids = small_picture.ids
    homes = _homes(store, ids)

    found = roles_by_subject(infer_roles(build_graph(analyst)))

    def roles(subject: str) -> set[str]:
        return {f.role for f in found.get(subject, [])}

    flat_id = min(homes["flat"], homes["flat_asc"])
    assert roles(flat_id) == {CUCKOOED_ADDRESS}
    flat = found[flat_id][0]
    assert {"kind": "assessment", "id": homes["flat_risk"]} in flat.evidence
    assert flat.score == 0.82
    reason = flat.reasons[0]
    assert "high risk of cuckooing (82%)" in reason
    assert "2 reports mention the address (latest 09 Oct 2026)" in reason
    assert "visitors at all hours" not in reason and "and 1 more" in reason  # summarised
    assert "which line uses it is not known from the picture" in reason
    assert roles(homes["tenant"]) == {CUCKOOED_OCCUPANT, POTENTIAL_VICTIM}
    occupant = next(f for f in found[homes["tenant"]] if f.role == CUCKOOED_OCCUPANT)
    assert {"kind": "assessment", "id": homes["flat_risk"]} in occupant.evidence
    assert any(ref["kind"] == "link" for ref in occupant.evidence)  # the LIVES_AT link
    assert roles(homes["house"]) == roles(homes["neighbour"]) == set()  # medium risk
    assert roles(homes["old"]) == roles(homes["old_tenant"]) == set()  # superseded
    # The holder's own home may be assessed high, but the holder is no victim of it.
    holder = min(ids["holder_a"], ids["holder_b"])
    assert roles(ids["home"]) == {CUCKOOED_ADDRESS}
    assert roles(holder) == {LINE_HOLDER}


def test_a_cuckooed_address_names_the_line_the_picture_ties_to_it(
    store: Store, small_picture: SmallPicture, analyst: Access
) -> None:
    ids = small_picture.ids
    homes = _homes(store, ids)
    with store.begin() as conn:
        add_link(conn, "OPERATES_FROM", ids["texas"], homes["flat"], REPORT)

    found = roles_by_subject(infer_roles(build_graph(analyst)))

    flat = next(
        f for f in found[min(homes["flat"], homes["flat_asc"])] if f.role == CUCKOOED_ADDRESS
    )
    assert any("the Texas line operates from it" in r for r in flat.reasons)
    assert all("not known" not in r for r in flat.reasons)
    # The stated base and the assessment are independent grounds for the same role.
    assert flat.score > 0.82
    assert sum(ref["kind"] == "link" for ref in flat.evidence) >= 2  # OPERATES_FROM, STAYS_AT
