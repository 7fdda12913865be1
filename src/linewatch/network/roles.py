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
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from linewatch.access import Access, Permission
from linewatch.model import AuditOperation
from linewatch.network.picture import Edge, Evidence, Node, Picture
from linewatch.store import make_id, tables, utcnow

METHOD = "network.roles"
METHOD_VERSION = "1"

LINE_HOLDER = "LINE_HOLDER"
CONTROLLER = "CONTROLLER"
RUNNER = "RUNNER"
STOREKEEPER = "STOREKEEPER"
CUCKOOED_ADDRESS = "CUCKOOED_ADDRESS"
CUCKOOED_OCCUPANT = "CUCKOOED_OCCUPANT"
CUSTOMER = "CUSTOMER"
COURIER_VEHICLE = "COURIER_VEHICLE"
POTENTIAL_VICTIM = "POTENTIAL_VICTIM"

ROLES = (
    LINE_HOLDER,
    CONTROLLER,
    RUNNER,
    STOREKEEPER,
    CUCKOOED_ADDRESS,
    CUCKOOED_OCCUPANT,
    CUSTOMER,
    COURIER_VEHICLE,
    POTENTIAL_VICTIM,
)
SUSPECT_ROLES = frozenset({LINE_HOLDER, CONTROLLER, RUNNER, STOREKEEPER})
# Roles comms places on phones that ring the line or that its workers keep in touch with.
LINE_STAFF = frozenset({LINE_HOLDER, RUNNER})
CIRCLE_STAFF = frozenset({CONTROLLER, STOREKEEPER})
# A deal line ringing a phone this often is working with it, not selling to it.
WORKING_CONTACTS = 10.0
# Calls and texts to a line that make a customer: one may be a wrong number.
CUSTOMER_CONTACTS = 2.0
# A customer in touch this often is a regular, not a one-off.
REGULAR_CONTACTS = 10.0
# Safeguarding's top level: below it an address is one to watch, not one taken over.
CUCKOOED_LEVEL = "HIGH"
# How many of safeguarding's reasons a role's reason repeats; the assessment holds them all.
REASONS_SHOWN = 3


@dataclass
class RoleFinding:
    subject_id: str
    role: str
    score: float
    reasons: list[str] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)

    @property
    def claim(self) -> str:
        return f"ROLE:{self.role}"


class _Findings:
    def __init__(self) -> None:
        self.found: dict[tuple[str, str], RoleFinding] = {}

    def add(
        self, subject: str, role: str, score: float, reason: str, evidence: list[dict[str, Any]]
    ) -> None:
        finding = self.found.setdefault((subject, role), RoleFinding(subject, role, 0.0))
        # Independent grounds for the same role raise confidence: 1 - product of doubts.
        finding.score = round(1 - (1 - finding.score) * (1 - score), 3)
        if reason not in finding.reasons:
            finding.reasons.append(reason)
        for ref in evidence:
            if ref not in finding.evidence:
                finding.evidence.append(ref)

    def has(self, subject: str, role: str) -> bool:
        return (subject, role) in self.found


def _links(edge: Edge, *types: str) -> list[dict[str, Any]]:
    return [{"kind": "link", "id": e.link_id} for e in edge.evidence if e.link_type in types]


def _rung(edge: Edge, line: Node) -> float:
    """How often the line was in touch with the other phone, as its own contact list says."""
    members = set(line.members)
    return sum(
        e.weight or 1.0
        for e in edge.evidence
        if e.link_type == "CONTACTED" and e.source_record in members
    )


def _approaches(edge: Edge, line: Node) -> list[Evidence]:
    """The other phone's calls and texts to the line, one link per production."""
    members = set(line.members)
    return [
        e
        for e in edge.evidence
        if e.link_type == "CONTACTED"
        and e.target_record in members
        and e.source_record not in members
    ]


class _View:
    """The picture seen a link type at a time."""

    def __init__(self, picture: Picture) -> None:
        self.picture = picture

    def around(self, node: Node, link_type: str, schema: str) -> list[tuple[Node, Edge]]:
        out = []
        for other in self.picture.neighbours(node.id):
            edge = self.picture.edge(node.id, other.id)
            if edge is not None and link_type in edge.link_types and other.schema == schema:
                out.append((other, edge))
        return out

    def users(self, phone: Node) -> list[tuple[Node, Edge]]:
        return self.around(phone, "USES_PHONE", "Person")


def infer_roles(picture: Picture) -> list[RoleFinding]:
    """Every role the picture supports, people, addresses and vehicles alike."""
    view, out = _View(picture), _Findings()
    lines = [n for n in picture.nodes.values() if n.schema == "CountyLine"]
    for line in picture.deal_lines():
        flag = line.deal_line
        assert flag is not None
        ref = [{"kind": "assessment", "id": flag.assessment_id}]
        for person, edge in view.users(line):
            out.add(
                person.id,
                LINE_HOLDER,
                0.8,
                f"uses deal line {line.caption}",
                ref + _links(edge, "USES_PHONE"),
            )
        around = view.around(line, "CONTACTED", "Phone")
        for phone, edge in around:
            evidence = ref + _links(edge, "CONTACTED")
            if phone.staff is not None and phone.staff.role in LINE_STAFF:
                _placed(view, out, line, phone, evidence)
            elif phone.staff is None and not _rung(edge, line):
                _customer(view, out, line, phone, edge, ref)
        # The line's own contact list, ranked; the phones comms has placed are judged above.
        contacts = sorted(
            ((p, e) for p, e in around if _rung(e, line)), key=lambda pe: -_rung(pe[1], line)
        )
        for rank, (phone, edge) in enumerate(contacts):
            if phone.staff is not None:
                continue
            weight, evidence = _rung(edge, line), ref + _links(edge, "CONTACTED")
            users = view.users(phone)
            if weight < WORKING_CONTACTS:
                for subject in [phone] + [u for u, _ in users]:
                    out.add(
                        subject.id,
                        CUSTOMER,
                        0.5,
                        f"contacted by deal line {line.caption} {weight:.0f} times: "
                        "too few to be working the line",
                        evidence,
                    )
                continue
            for person, used in users:
                both = evidence + _links(used, "USES_PHONE")
                if rank == 0 and len(contacts) > 1:
                    out.add(
                        person.id,
                        LINE_HOLDER,
                        0.6,
                        f"their phone {phone.caption} is the deal line's most frequent "
                        f"contact ({weight:.0f} contacts)",
                        both,
                    )
                else:
                    out.add(
                        person.id,
                        RUNNER,
                        0.6,
                        f"deal line {line.caption} contacts their phone {phone.caption} "
                        f"{weight:.0f} times, as a line does its workers",
                        both,
                    )
    for line in lines:
        for person, edge in view.around(line, "HOLDS_LINE", "Person"):
            out.add(
                person.id,
                LINE_HOLDER,
                0.9,
                f"reported to hold the {line.caption} line",
                _links(edge, "HOLDS_LINE"),
            )
        for person, edge in view.around(line, "RUNS_FOR", "Person"):
            out.add(
                person.id,
                RUNNER,
                0.9,
                f"reported to run for the {line.caption} line",
                _links(edge, "RUNS_FOR"),
            )
        for vehicle, edge in view.around(line, "COURIER_FOR", "Vehicle"):
            out.add(
                vehicle.id,
                COURIER_VEHICLE,
                0.9,
                f"reported as a courier vehicle for the {line.caption} line",
                _links(edge, "COURIER_FOR"),
            )
        for address, edge in view.around(line, "OPERATES_FROM", "Address"):
            _address(view, out, line, address, _links(edge, "OPERATES_FROM"))
    for node in picture.nodes.values():
        if node.schema == "Address" and node.cuckooing is not None:
            _cuckooed(view, out, node)
        if node.staff is not None and node.staff.role in CIRCLE_STAFF:
            _circle(view, out, node)
    _not_customers(out)
    _vehicles_and_controllers(view, out)
    _victims(picture, out)
    return sorted(out.found.values(), key=lambda f: (ROLES.index(f.role), -f.score, f.subject_id))


def _placed(
    view: _View, out: _Findings, line: Node, phone: Node, ref: list[dict[str, Any]]
) -> None:
    """A phone comms has placed by its cells as the line's holder's or runner's: where a phone
    is served says more than how often the line rings it, so this replaces the call-count rule."""
    staff = phone.staff
    assert staff is not None
    where = "stays at the line's hub" if staff.role == LINE_HOLDER else "works the target area"
    evidence = [*ref, {"kind": "assessment", "id": staff.assessment_id}]
    for person, used in view.users(phone):
        out.add(
            person.id,
            staff.role,
            min(0.9, 0.3 + 0.6 * staff.score),
            f"their phone {phone.caption}, which deal line {line.caption} rings, {where} "
            f"by the cells that served it ({staff.score:.0%} assessed)",
            evidence + _links(used, "USES_PHONE"),
        )


def _customer(
    view: _View, out: _Findings, line: Node, phone: Node, edge: Edge, ref: list[dict[str, Any]]
) -> None:
    """A number that calls and texts the line, which the line never rings as it does its
    workers and which comms has not placed among them: ordering, as a customer does."""
    approaches = _approaches(edge, line)
    contacts = sum(e.weight or 1.0 for e in approaches)
    if contacts < CUSTOMER_CONTACTS:
        return
    first = min((e.valid_from for e in approaches if e.valid_from), default=None)
    last = max((e.valid_to for e in approaches if e.valid_to), default=None)
    span = f" between {first:%d %b %Y} and {last:%d %b %Y}" if first and last else ""
    evidence = ref + [{"kind": "link", "id": e.link_id} for e in approaches]
    for subject, used in [(phone, None), *view.users(phone)]:
        out.add(
            subject.id,
            CUSTOMER,
            0.6 if contacts >= REGULAR_CONTACTS else 0.4,
            f"{'their phone ' if used else ''}{phone.caption} called or texted deal line "
            f"{line.caption} {contacts:.0f} times{span}, and the line never rang it as it "
            "does the people working it",
            evidence + (_links(used, "USES_PHONE") if used else []),
        )


def _circle(view: _View, out: _Findings, phone: Node) -> None:
    """A phone comms places one step out from a line, as its controller's or storekeeper's:
    the phone and whoever uses it take the role, on that assessment and the ties it read."""
    staff = phone.staff
    assert staff is not None
    ties = [
        r
        for other in view.picture.neighbours(phone.id)
        if other.schema == "Phone"
        for r in _links(view.picture.edge(phone.id, other.id) or Edge("", ""), "CONTACTED")
    ]
    evidence = [{"kind": "assessment", "id": staff.assessment_id}, *ties]
    grounds = "; ".join(staff.reasons[:REASONS_SHOWN])
    score = min(0.9, 0.3 + 0.6 * staff.score)
    out.add(
        phone.id,
        staff.role,
        score,
        f"comms places {phone.caption} as a line's {staff.role.lower()} ({staff.score:.0%} "
        f"assessed): {grounds}",
        evidence,
    )
    for person, used in view.users(phone):
        out.add(
            person.id,
            staff.role,
            score,
            f"uses {phone.caption}, which comms places as a line's {staff.role.lower()} "
            f"({staff.score:.0%} assessed): {grounds}",
            evidence + _links(used, "USES_PHONE"),
        )


def _not_customers(out: _Findings) -> None:
    """A number a line's own worker uses is theirs for the work, not for buying: the stronger
    finding stands and the customer one goes."""
    for subject, role in list(out.found):
        if role == CUSTOMER and any(out.has(subject, r) for r in SUSPECT_ROLES):
            del out.found[(subject, role)]


def _address(
    view: _View, out: _Findings, line: Node, address: Node, ref: list[dict[str, Any]]
) -> None:
    """A line's base: the resident's home used by outsiders is cuckooed; a resident tied to
    the line by anything more than the address keeps its stock."""
    residents = view.around(address, "LIVES_AT", "Person")
    visitors = view.around(address, "STAYS_AT", "Person")
    for person, edge in residents:
        evidence = ref + _links(edge, "LIVES_AT")
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
        evidence = ref + [r for _, e in visitors for r in _links(e, "STAYS_AT")]
        names = ", ".join(v.caption for v, _ in visitors)
        out.add(
            address.id,
            CUCKOOED_ADDRESS,
            0.7 if residents else 0.5,
            f"the {line.caption} line operates from it and {names} stay there",
            evidence,
        )


def _cuckooed(view: _View, out: _Findings, address: Node) -> None:
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
        ref += [r for _, e in lines for r in _links(e, "OPERATES_FROM")]
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
            ref + _links(edge, "LIVES_AT"),
        )


def _vehicles_and_controllers(view: _View, out: _Findings) -> None:
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
                _links(edge, "DRIVES"),
            )
    taken = {s for (s, _) in out.found}
    holders = [s for (s, role) in out.found if role == LINE_HOLDER]
    for subject in sorted(holders):
        holder = view.picture.nodes[subject]
        for other, edge in view.around(holder, "ASSOCIATES_WITH", "Person"):
            # Someone above a holder directs without touching the line: no role on it of
            # their own, but a circle of their own beyond the holder.
            circle = [p for p, _ in view.around(other, "ASSOCIATES_WITH", "Person")]
            if other.id in taken or len(circle) < 2:
                continue
            out.add(
                other.id,
                CONTROLLER,
                0.4,
                f"associates with line holder {holder.caption} and with {len(circle) - 1} "
                "others, with no part in the line's work of their own",
                _links(edge, "ASSOCIATES_WITH"),
            )


def _victims(picture: Picture, out: _Findings) -> None:
    for (subject, role), finding in list(out.found.items()):
        if picture.nodes[subject].schema != "Person":
            continue
        if role == RUNNER:
            reason = "runs for a line: runners are commonly exploited (consider an NRM referral)"
        elif role in (CUCKOOED_OCCUPANT, STOREKEEPER):
            reason = "their home is used by a line: occupants are commonly coerced"
        else:
            continue
        out.add(subject, POTENTIAL_VICTIM, 0.5, reason, finding.evidence)


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
