"""The roles of the people working a line: what its deal line rings and is rung by, what comms
places one step out, who directs the holder, and who the line exploits."""

from __future__ import annotations

from typing import Any

from linewatch.network.picture import Edge, Node, Picture
from linewatch.network.role_basis import (
    CONTROLLER,
    CUCKOOED_OCCUPANT,
    CUSTOMER,
    CUSTOMER_CONTACTS,
    LINE_HOLDER,
    LINE_STAFF,
    POTENTIAL_VICTIM,
    REASONS_SHOWN,
    REGULAR_CONTACTS,
    RUNNER,
    STOREKEEPER,
    SUSPECT_ROLES,
    WORKING_CONTACTS,
    Findings,
    View,
    approaches_to_line,
    links_of,
    rung,
)


def deal_line_roles(view: View, out: Findings) -> None:
    """The people a deal line's own use and contacts point to: its holder, runners, customers."""
    for line in view.picture.deal_lines():
        flag = line.deal_line
        assert flag is not None
        ref = [{"kind": "assessment", "id": flag.assessment_id}]
        for person, edge in view.users(line):
            out.add(
                person.id,
                LINE_HOLDER,
                0.8,
                f"uses deal line {line.caption}",
                ref + links_of(edge, "USES_PHONE"),
            )
        around = view.around(line, "CONTACTED", "Phone")
        for phone, edge in around:
            evidence = ref + links_of(edge, "CONTACTED")
            if phone.staff is not None and phone.staff.role in LINE_STAFF:
                _placed(view, out, line, phone, evidence)
            elif phone.staff is None and not rung(edge, line):
                _customer(view, out, line, phone, edge, ref)
        # The line's own contact list, ranked; the phones comms has placed are judged above.
        contacts = sorted(
            ((p, e) for p, e in around if rung(e, line)), key=lambda pe: -rung(pe[1], line)
        )
        for rank, (phone, edge) in enumerate(contacts):
            if phone.staff is not None:
                continue
            weight, evidence = rung(edge, line), ref + links_of(edge, "CONTACTED")
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
                both = evidence + links_of(used, "USES_PHONE")
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


def _placed(view: View, out: Findings, line: Node, phone: Node, ref: list[dict[str, Any]]) -> None:
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
            evidence + links_of(used, "USES_PHONE"),
        )


def _customer(
    view: View, out: Findings, line: Node, phone: Node, edge: Edge, ref: list[dict[str, Any]]
) -> None:
    """A number that calls and texts the line, which the line never rings as it does its
    workers and which comms has not placed among them: ordering, as a customer does."""
    approaches = approaches_to_line(edge, line)
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
            evidence + (links_of(used, "USES_PHONE") if used else []),
        )


def circle(view: View, out: Findings, phone: Node) -> None:
    """A phone comms places one step out from a line, as its controller's or storekeeper's:
    the phone and whoever uses it take the role, on that assessment and the ties it read."""
    staff = phone.staff
    assert staff is not None
    ties = [
        r
        for other in view.picture.neighbours(phone.id)
        if other.schema == "Phone"
        for r in links_of(view.picture.edge(phone.id, other.id) or Edge("", ""), "CONTACTED")
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
            evidence + links_of(used, "USES_PHONE"),
        )


def not_customers(out: Findings) -> None:
    """A number a line's own worker uses is theirs for the work, not for buying: the stronger
    finding stands and the customer one goes."""
    for subject, role in list(out.found):
        if role == CUSTOMER and any(out.has(subject, r) for r in SUSPECT_ROLES):
            del out.found[(subject, role)]


def controllers_above(view: View, out: Findings) -> None:
    """Someone in touch with a holder, with a circle of their own and no part in the line."""
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
                links_of(edge, "ASSOCIATES_WITH"),
            )


def victims(picture: Picture, out: Findings) -> None:
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
