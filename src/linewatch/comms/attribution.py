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

from linewatch.access import Access, Permission
from linewatch.comms.runners import LINE_HOLDER, RUNNER, LineStaff, StaffPhone
from linewatch.network import Edge, Picture, build_graph
from linewatch.resolve import canonical_id
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


def _sources(edge: Edge, types: Iterable[str]) -> list[Source]:
    wanted = set(types)
    return [
        Source(e.link_id, e.link_type, e.evidence_kind, e.evidence_id, e.grading)
        for e in edge.evidence
        if e.link_type in wanted
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


def attribute(
    access: Access, staff: Iterable[LineStaff], picture: Picture | None = None
) -> list[Attribution]:
    """The people (and their vehicles) using each runner and holder phone of each line."""
    staff = list(staff)
    working = [
        (line, phone)
        for line in staff
        for phone in line.phones
        if phone.role in (RUNNER, LINE_HOLDER)
    ]
    if not working:
        return []
    picture = picture or build_graph(access)
    nodes = phone_nodes(access, {p.number for _, p in working})
    found = []
    for line, phone in working:
        attribution = Attribution(line.line, phone)
        seen: dict[str, LinkedPerson] = {}
        for node_id in sorted(nodes.get(phone.number, set())):
            if node_id not in picture.index:
                continue
            for person in picture.neighbours(node_id):
                edge = picture.edge(node_id, person.id)
                if person.schema != "Person" or edge is None:
                    continue
                sources = _sources(edge, ["USES_PHONE"])
                if not sources:
                    continue
                linked = seen.setdefault(
                    person.id, LinkedPerson(person.id, person.caption, phone.number, [])
                )
                linked.sources += [s for s in sources if s not in linked.sources]
        for linked in seen.values():
            linked.vehicles = _vehicles(picture, linked)
        attribution.people = sorted(seen.values(), key=lambda p: (p.caption, p.id))
        found.append(attribution)
    return found


def _vehicles(picture: Picture, person: LinkedPerson) -> list[LinkedVehicle]:
    out = []
    for other in picture.neighbours(person.id):
        edge = picture.edge(person.id, other.id)
        if other.schema != "Vehicle" or edge is None:
            continue
        sources = _sources(edge, VEHICLE_LINKS)
        if sources:
            out.append(LinkedVehicle(other.id, other.caption, person.id, sources))
    return sorted(out, key=lambda v: (v.caption, v.id))
