"""Who uses a line's phones: runner and holder phones matched to people in the picture.

Call records name numbers, not people. The intelligence picture does: a police record, a
school or a social-care record says a person uses a phone (``USES_PHONE``), and entity
resolution has merged the records of one person. A phone is found in the picture by its
number (every source's Phone record with that number, resolved), so the match does not depend
on the call data's own Phone record having been resolved yet. The people using it, and the
vehicles those people drive or keep, are what the line page shows as linked to the line; each
with the sources that say so and their grading.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from linewatch.access import Access, AccessDenied, Permission
from linewatch.comms.runners import LINE_HOLDER, RUNNER, LineStaff, StaffPhone
from linewatch.resolve import EntityView, LinkView, canonical_id, entity_view
from linewatch.store import tables

VEHICLE_LINKS = ("DRIVES", "KEEPER_OF")
_CHUNK = 500


@dataclass(frozen=True)
class Source:
    """One source's link behind a match: the record it came from and how it is graded."""

    link_id: str
    link_type: str
    evidence_kind: str
    evidence_id: str
    grading: str

    def describe(self) -> str:
        label = self.link_type.replace("_", " ").lower()
        return f"{label}: {self.evidence_kind} {self.evidence_id} ({self.grading})"


@dataclass(frozen=True)
class LinkedVehicle:
    id: str
    caption: str
    person: str
    sources: list[Source]


@dataclass
class LinkedPerson:
    id: str
    caption: str
    phone: str
    sources: list[Source]
    vehicles: list[LinkedVehicle] = field(default_factory=list)


@dataclass
class Attribution:
    """A line's runner or holder phone and the people the picture says use it."""

    line: str
    phone: StaffPhone
    people: list[LinkedPerson] = field(default_factory=list)

    @property
    def role(self) -> str:
        return self.phone.role

    @property
    def score(self) -> float:
        """The phone's score, lowered when the picture names several users of it."""
        if not self.people:
            return 0.0
        share = 0.9 if len(self.people) == 1 else 0.6
        return round(self.phone.score * share, 3)

    def reasons(self, person: LinkedPerson) -> list[str]:
        kind = "runner" if self.role == RUNNER else "line holder"
        said = "; ".join(s.describe() for s in person.sources)
        out = [
            f"uses phone {self.phone.number} ({said})",
            f"that phone is assessed a {kind}'s phone for deal line {self.line}",
        ]
        out += [f"the phone: {reason}" for reason in self.phone.reasons]
        if len(self.people) > 1:
            others = ", ".join(p.caption for p in self.people if p.id != person.id)
            out.append(f"the picture also names {others} as using it")
        return out


def _sources(link: LinkView) -> list[Source]:
    return [
        Source(e.link_id, link.link_type, e.evidence_kind, e.evidence_id, e.grading or "ungraded")
        for e in link.evidence
    ]


def phone_nodes(access: Access, numbers: Iterable[str]) -> dict[str, set[str]]:
    """Each number's resolved Phone entities: every source's Phone record with that number."""
    access.require(Permission.VIEW_PERSONAL_DATA)
    wanted = sorted(set(numbers))
    found: dict[str, set[str]] = defaultdict(set)
    st, en = tables.statements, tables.entities
    with access.store.begin() as conn:
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            rows = conn.execute(
                select(st.c.value, st.c.entity_id)
                .join(en, en.c.id == st.c.entity_id)
                .where(en.c.schema == "Phone", st.c.prop == "number", st.c.value.in_(chunk))
            ).all()
            for number, entity_id in rows:
                found[str(number)].add(canonical_id(conn, str(entity_id)))
    return dict(found)


def attribute(access: Access, staff: Iterable[LineStaff]) -> list[Attribution]:
    """The people (and their vehicles) using each runner and holder phone of each line.

    Each phone and person is read through its entity view, so only what the user may see is
    used, and each read is a logged consultation of just those records.
    """
    working = [
        (line, phone)
        for line in staff
        for phone in line.phones
        if phone.role in (RUNNER, LINE_HOLDER)
    ]
    if not working:
        return []
    nodes = phone_nodes(access, {p.number for _, p in working})
    views = _Views(access)
    found = []
    for line, phone in working:
        attribution = Attribution(line.line, phone)
        seen: dict[str, LinkedPerson] = {}
        for node_id in sorted(nodes.get(phone.number, set())):
            for link in views.links(node_id, "USES_PHONE", "Person"):
                linked = seen.setdefault(
                    link.other_id, LinkedPerson(link.other_id, link.other_caption, phone.number, [])
                )
                linked.sources += [s for s in _sources(link) if s not in linked.sources]
        for linked in seen.values():
            linked.vehicles = [
                LinkedVehicle(link.other_id, link.other_caption, linked.id, _sources(link))
                for link in views.links(linked.id, VEHICLE_LINKS, "Vehicle")
            ]
        attribution.people = sorted(seen.values(), key=lambda p: (p.caption, p.id))
        found.append(attribution)
    return found


class _Views:
    """Entity views read once each; an entity the user may see nothing of has no links."""

    def __init__(self, access: Access) -> None:
        self.access = access
        self.read: dict[str, EntityView | None] = {}

    def links(self, entity_id: str, types: str | Iterable[str], schema: str) -> list[LinkView]:
        if entity_id not in self.read:
            try:
                self.read[entity_id] = entity_view(self.access, entity_id)
            except (AccessDenied, LookupError):
                self.read[entity_id] = None
        view = self.read[entity_id]
        wanted = {types} if isinstance(types, str) else set(types)
        if view is None:
            return []
        found = [
            link
            for link in view.links
            if link.link_type in wanted and link.other_schema == schema and link.evidence
        ]
        return sorted(found, key=lambda link: (link.other_caption, link.other_id))
