"""The places and vehicles of a line: the address it operates from, addresses safeguarding
assesses as cuckooed and the people living there, and the vehicles that carry its workers."""

from __future__ import annotations

from typing import Any

from linewatch.network.picture import Node
from linewatch.network.role_basis import (
    COURIER_VEHICLE,
    CUCKOOED_ADDRESS,
    CUCKOOED_LEVEL,
    CUCKOOED_OCCUPANT,
    REASONS_SHOWN,
    RUNNER,
    STOREKEEPER,
    SUSPECT_ROLES,
    Findings,
    View,
    links_of,
)


def operates_from(
    view: View, out: Findings, line: Node, address: Node, ref: list[dict[str, Any]]
) -> None:
    """A line's base: the resident's home used by outsiders is cuckooed; a resident tied to
    the line by anything more than the address keeps its stock."""
    residents = view.around(address, "LIVES_AT", "Person")
    visitors = view.around(address, "STAYS_AT", "Person")
    for person, edge in residents:
        evidence = ref + links_of(edge, "LIVES_AT")
        ties = [
            o
            for o in view.picture.neighbours(person.id)
            if o.id not in {address.id} and o.schema == "Person"
        ]
        if ties:
            out.add(
                person.id,
                STOREKEEPER,
                0.6,
                f"lives at {address.caption}, which the {line.caption} line operates from, "
                f"and associates with {len(ties)} others in the picture",
                evidence,
            )
        elif visitors:
            out.add(
                person.id,
                CUCKOOED_OCCUPANT,
                0.7,
                f"lives at {address.caption}, which the {line.caption} line operates from, "
                "with no tie of their own to the line",
                evidence,
            )
    if visitors:
        evidence = ref + [r for _, e in visitors for r in links_of(e, "STAYS_AT")]
        names = ", ".join(v.caption for v, _ in visitors)
        out.add(
            address.id,
            CUCKOOED_ADDRESS,
            0.7 if residents else 0.5,
            f"the {line.caption} line operates from it and {names} stay there",
            evidence,
        )


def cuckooed(view: View, out: Findings, address: Node) -> None:
    """An address safeguarding assesses at its top level of cuckooing risk, and the people
    living there as its occupants (unless the picture already has them working a line)."""
    risk = address.cuckooing
    assert risk is not None
    if risk.level != CUCKOOED_LEVEL:
        return
    ref = [{"kind": "assessment", "id": risk.assessment_id}]
    lines = view.around(address, "OPERATES_FROM", "CountyLine")
    if lines:
        names = ", ".join(line.caption for line, _ in lines)
        tie = f"the {names} line operates from it"
        ref += [r for _, e in lines for r in links_of(e, "OPERATES_FROM")]
    else:
        tie = "which line uses it is not known from the picture"
    grounds = [r.split(";")[0] for r in risk.reasons[:REASONS_SHOWN]]
    more = len(risk.reasons) - len(grounds)
    summary = "; ".join(grounds) + (f"; and {more} more" if more > 0 else "")
    out.add(
        address.id,
        CUCKOOED_ADDRESS,
        min(0.9, risk.score),
        f"safeguarding assesses it at {risk.level.lower()} risk of cuckooing "
        f"({risk.score:.0%}): {summary}; {tie}",
        ref,
    )
    for person, edge in view.around(address, "LIVES_AT", "Person"):
        if any(out.has(person.id, role) for role in SUSPECT_ROLES):
            continue
        out.add(
            person.id,
            CUCKOOED_OCCUPANT,
            round(0.8 * min(0.9, risk.score), 3),
            f"lives at {address.caption}, which safeguarding assesses at "
            f"{risk.level.lower()} risk of cuckooing; {tie}",
            ref + links_of(edge, "LIVES_AT"),
        )


def courier_vehicles(view: View, out: Findings) -> None:
    # Runners move the drugs; a holder stays away from the street, so their car is not a courier.
    workers = {s for (s, role) in out.found if role == RUNNER}
    for subject in sorted(workers):
        person = view.picture.nodes[subject]
        if person.schema != "Person":
            continue
        for vehicle, edge in view.around(person, "DRIVES", "Vehicle"):
            out.add(
                vehicle.id,
                COURIER_VEHICLE,
                0.5,
                f"driven by {person.caption}, who runs for a deal line",
                links_of(edge, "DRIVES"),
            )
