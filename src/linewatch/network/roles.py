"""Roles in a line, inferred from the typed links around it, each with its reasons.

A role is a conclusion, never a fact: it is written as an assessment (claim ``ROLE:<ROLE>``)
naming the links and the deal-line assessment it rests on. Stated links (``HOLDS_LINE``,
``RUNS_FOR``, ``COURIER_FOR``, ``OPERATES_FROM``) carry most weight; where comms has placed a
phone the line rings by its cells (holder at the hub, runner in the target area) that comes
next; call counts alone and who drives what carry less. One step out, comms places the phones
the line's workers keep in touch with: the controller's (in touch with the holder, checking on
the line now and then, away from the street) and the storekeeper's (in touch with several
runners where the line sells, never with the holder or the line). A number that calls or
texts a line which the line never rings as it does its workers, and that comms has not placed,
is a customer's. An address safeguarding assesses at high risk of cuckooing is taken as
cuckooed on that assessment, and the people living there as its occupants, whether or not the
picture ties it to a particular line. A person can hold a suspect's role and a victim's at
once: a runner is also a potential victim of criminal exploitation, a storekeeper may be
coerced, the occupant of a cuckooed address is a potential victim. Phones stand for the people
who use them.

The rules for people are in ``role_people``, for places and vehicles in ``role_places``; the
roles and a finding's shape are in ``role_basis`` and named here too.
"""

from __future__ import annotations

from collections import defaultdict

from linewatch.access import Access, Permission
from linewatch.model import AuditOperation
from linewatch.network import role_people, role_places
from linewatch.network.picture import Node, Picture
from linewatch.network.role_basis import (
    CIRCLE_STAFF,
    CONTROLLER,
    COURIER_VEHICLE,
    CUCKOOED_ADDRESS,
    CUCKOOED_OCCUPANT,
    CUSTOMER,
    LINE_HOLDER,
    LINE_STAFF,
    METHOD,
    METHOD_VERSION,
    POTENTIAL_VICTIM,
    ROLES,
    RUNNER,
    STOREKEEPER,
    SUSPECT_ROLES,
    Findings,
    RoleFinding,
    View,
    links_of,
)
from linewatch.store import make_id, tables, utcnow

__all__ = [
    "CIRCLE_STAFF",
    "CONTROLLER",
    "COURIER_VEHICLE",
    "CUCKOOED_ADDRESS",
    "CUCKOOED_OCCUPANT",
    "CUSTOMER",
    "LINE_HOLDER",
    "LINE_STAFF",
    "METHOD",
    "METHOD_VERSION",
    "POTENTIAL_VICTIM",
    "ROLES",
    "RUNNER",
    "STOREKEEPER",
    "SUSPECT_ROLES",
    "RoleFinding",
    "infer_roles",
    "record_roles",
    "roles_by_subject",
]


def infer_roles(picture: Picture) -> list[RoleFinding]:
    """Every role the picture supports, people, addresses and vehicles alike."""
    view, out = View(picture), Findings()
    role_people.deal_line_roles(view, out)
    for line in (n for n in picture.nodes.values() if n.schema == "CountyLine"):
        _stated(view, out, line)
    for node in picture.nodes.values():
        if node.schema == "Address" and node.cuckooing is not None:
            role_places.cuckooed(view, out, node)
        if node.staff is not None and node.staff.role in CIRCLE_STAFF:
            role_people.circle(view, out, node)
    role_people.not_customers(out)
    role_places.courier_vehicles(view, out)
    role_people.controllers_above(view, out)
    role_people.victims(picture, out)
    return sorted(out.found.values(), key=lambda f: (ROLES.index(f.role), -f.score, f.subject_id))


def _stated(view: View, out: Findings, line: Node) -> None:
    """What reports and records state outright about a line: its holder, runners, couriers, base."""
    for person, edge in view.around(line, "HOLDS_LINE", "Person"):
        out.add(
            person.id,
            LINE_HOLDER,
            0.9,
            f"reported to hold the {line.caption} line",
            links_of(edge, "HOLDS_LINE"),
        )
    for person, edge in view.around(line, "RUNS_FOR", "Person"):
        out.add(
            person.id,
            RUNNER,
            0.9,
            f"reported to run for the {line.caption} line",
            links_of(edge, "RUNS_FOR"),
        )
    for vehicle, edge in view.around(line, "COURIER_FOR", "Vehicle"):
        out.add(
            vehicle.id,
            COURIER_VEHICLE,
            0.9,
            f"reported as a courier vehicle for the {line.caption} line",
            links_of(edge, "COURIER_FOR"),
        )
    for address, edge in view.around(line, "OPERATES_FROM", "Address"):
        role_places.operates_from(view, out, line, address, links_of(edge, "OPERATES_FROM"))


def record_roles(access: Access, findings: list[RoleFinding]) -> list[str]:
    """Write each finding as an assessment, superseding this method's earlier role findings."""
    access.require(Permission.RUN_ANALYSIS)
    now = utcnow()
    a = tables.assessments
    ids = []
    with access.store.begin() as conn:
        conn.execute(
            a.update()
            .where(a.c.method == METHOD, a.c.claim.like("ROLE:%"), a.c.superseded_at.is_(None))
            .values(superseded_at=now)
        )
        for f in findings:
            assessment_id = make_id("as", f.subject_id, f.claim, METHOD_VERSION, now.isoformat())
            conn.execute(
                a.insert().values(
                    id=assessment_id,
                    subject_id=f.subject_id,
                    claim=f.claim,
                    score=f.score,
                    reasons=f.reasons,
                    evidence=f.evidence,
                    method=METHOD,
                    method_version=METHOD_VERSION,
                    created_at=now,
                    created_by=access.actor.id,
                )
            )
            ids.append(assessment_id)
        if findings:
            access.log(conn, AuditOperation.COMBINATION, sorted({f.subject_id for f in findings}))
    return ids


def roles_by_subject(findings: list[RoleFinding]) -> dict[str, list[RoleFinding]]:
    grouped: dict[str, list[RoleFinding]] = defaultdict(list)
    for f in findings:
        grouped[f.subject_id].append(f)
    return dict(grouped)
