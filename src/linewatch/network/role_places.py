"""The places and vehicles of a line: the address it operates from, addresses safeguarding
assesses as cuckooed and the people living there, and the vehicles that carry its workers."""

from __future__ import annotations

from typing import Any

from linewatch.network.picture import Edge, Node
from linewatch.network.role_basis import (
    COURIER_VEHICLE,
    CUCKOOED_ADDRESS,
    CUCKOOED_LEVEL,
    CUCKOOED_OCCUPANT,
    REASONS_SHOWN,
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


# The links that put a person with a vehicle: they drive it, or it is registered to them.
VEHICLE_LINKS = ("DRIVES", "KEEPER_OF")


def courier_vehicles(view: View, out: Findings) -> None:
    """Vehicles the evidence says carry a line's workers, beyond those reported as couriers.

    A car that two or more of the line's workers drive or keep is the line's, not one
    person's, unless they share a phone or a home: then they may be one person whose records
    are not yet merged, or a household with its own car. A car a worker drives that is
    registered to someone with no part in the line is borrowed or provided, as couriers are.
    A worker's own car is not a courier on that alone: workers drive their own cars to and
    from the hub now and then, while a line's couriers are cars kept for the work.

    A car comms finds read by ANPR beside a line's runner and holder phones on several days
    (``line_vehicle``) is a lead the picture shows, not a courier on that alone: on the demo
    scenario 9 of the 22 such cars were couriers, the rest mostly the holders' and
    controllers' own cars and local traffic past the same cameras.
    """
    workers = {
        subject
        for (subject, role) in out.found
        if role in SUSPECT_ROLES and view.picture.nodes[subject].schema == "Person"
    }
    vehicles = {
        vehicle.id: vehicle
        for subject in sorted(workers)
        for link_type in VEHICLE_LINKS
        for vehicle, _ in view.around(view.picture.nodes[subject], link_type, "Vehicle")
    }
    for vehicle in vehicles.values():
        people = [
            (person, edge)
            for link_type in VEHICLE_LINKS
            for person, edge in view.around(vehicle, link_type, "Person")
        ]
        people = list({person.id: (person, edge) for person, edge in people}.values())
        crew = [(p, e) for p, e in people if p.id in workers]
        if _households(view, [p for p, _ in crew]) >= 2:
            names = ", ".join(p.caption for p, _ in crew)
            out.add(
                vehicle.id,
                COURIER_VEHICLE,
                0.6,
                f"driven or kept by {len(crew)} people working lines: {names}",
                _with_roles(out, crew),
            )
        drivers = [(p, e) for p, e in crew if "DRIVES" in e.link_types]
        keepers = [(p, e) for p, e in people if p.id not in workers and "KEEPER_OF" in e.link_types]
        if drivers and keepers and not any("KEEPER_OF" in e.link_types for _, e in crew):
            out.add(
                vehicle.id,
                COURIER_VEHICLE,
                0.4,
                f"driven by {', '.join(p.caption for p, _ in drivers)}, who works a line, and "
                f"registered to {', '.join(p.caption for p, _ in keepers)}, who does not",
                _with_roles(out, drivers)
                + [r for _, e in keepers for r in links_of(e, "KEEPER_OF")],
            )


def _with_roles(out: Findings, people: list[tuple[Node, Edge]]) -> list[dict[str, Any]]:
    """The links putting each worker with the vehicle, and what their own role rests on."""
    refs = [r for _, e in people for r in links_of(e, *VEHICLE_LINKS)]
    for person, _ in people:
        for role in sorted(SUSPECT_ROLES):
            finding = out.found.get((person.id, role))
            if finding is not None:
                refs += finding.evidence
    return list({(r["kind"], r["id"]): r for r in refs}.values())


def _households(view: View, people: list[Node]) -> int:
    """How many of these people are apart: none shares a phone or a home with another."""
    ties = {
        person.id: {
            other.id
            for link_type, schema in (("USES_PHONE", "Phone"), ("LIVES_AT", "Address"))
            for other, _ in view.around(person, link_type, schema)
        }
        for person in people
    }
    groups: list[set[str]] = []
    for person in people:
        joined = [g for g in groups if g & ties[person.id]]
        merged = set(ties[person.id]).union(*joined) | {person.id}
        groups = [g for g in groups if g not in joined] + [merged]
    return len(groups)
