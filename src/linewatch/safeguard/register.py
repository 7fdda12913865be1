"""The vulnerability register: people and addresses with their markers, and behind each
marker the partner records (and reports) that say so.

A person's markers are the ``vulnerability`` statements any source made about them (merged
records count as one person), plus signs in the sanitised words of reports about them that
match a marker (missing episodes, unexplained phones or money, older associates). An
address's markers are those of the people who live there that bear on cuckooing (care needs,
addiction, learning disability, mental ill-health, living alone, past cuckooing), each naming
the tenant, and past closure of the address. Nothing here is a conclusion: every marker shows
the records it was read from.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Connection, select

from linewatch.access import Access, Permission
from linewatch.collect import partner_record_id
from linewatch.model import RiskLevel, VulnerabilityMarker
from linewatch.safeguard.age import age_status
from linewatch.safeguard.audience import force_only
from linewatch.safeguard.canonical import Canonical
from linewatch.safeguard.clock import AsOf, aware, cutoff, maybe_aware, valid_at
from linewatch.safeguard.cuckoo import current_risks
from linewatch.safeguard.entities import caption, property_values
from linewatch.safeguard.indicators import EXPLOITATION_TEXT, found
from linewatch.safeguard.places import fold_same_homes
from linewatch.store import tables

M = VulnerabilityMarker
CHILD_MARKERS = frozenset(
    {
        M.CHILD_AT_RISK_CCE,
        M.MISSING_EPISODES,
        M.SCHOOL_EXCLUSION,
        M.UNEXPLAINED_MONEY,
        M.OLDER_ASSOCIATES,
    }
)
# What makes a tenant's home a target for cuckooing (domain rules 3.3, who is at risk).
ADDRESS_MARKERS = frozenset(
    {
        M.CARE_NEEDS,
        M.SUBSTANCE_MISUSE,
        M.LEARNING_DISABILITY,
        M.MENTAL_HEALTH,
        M.LIVES_ALONE,
        M.PAST_CUCKOOING,
    }
)
REPORT_SIGNS = {
    "MISSING": M.MISSING_EPISODES,
    "PHONES_CASH": M.UNEXPLAINED_MONEY,
    "OLDER_ASSOCIATES": M.OLDER_ASSOCIATES,
}
KINDS = {"child": "Children at risk", "adult": "Vulnerable adults", "address": "Addresses"}


@dataclass(frozen=True)
class Source:
    kind: str  # partner_record | report | closure
    id: str
    title: str
    when: datetime | None
    text: str | None = None
    about: str | None = None  # for an address: the tenant the record is about


@dataclass
class Marker:
    code: str
    sources: list[Source] = field(default_factory=list)

    @property
    def label(self) -> str:
        return M(self.code).label


@dataclass
class PersonEntry:
    person_id: str
    name: str
    kind: str
    age: int | None
    age_basis: str
    markers: list[Marker]


@dataclass
class AddressEntry:
    address_id: str
    address: str
    markers: list[Marker]
    tenants: list[tuple[str, str]]
    risk_level: RiskLevel | None = None
    risk_score: float | None = None


@dataclass
class Register:
    people: list[PersonEntry]
    addresses: list[AddressEntry]


def _source_rows(
    conn: Connection, canonical: Canonical, at: datetime
) -> tuple[dict[str, dict[str, list[Source]]], set[str]]:
    """Canonical person -> marker code -> the sources that record it; and the people a
    report describes as a child."""
    s, e = tables.statements, tables.entities
    rows = conn.execute(
        select(s.c.entity_id, s.c.value, s.c.source_kind, s.c.source_id, s.c.observed_at)
        .join(e, e.c.id == s.c.entity_id)
        .where(e.c.schema == "Person", s.c.prop == "vulnerability")
    ).all()
    record_ids = {
        r.source_id: partner_record_id(*r.source_id.split(":", 1))
        for r in rows
        if r.source_kind == "record" and ":" in r.source_id
    }
    p = tables.partner_records
    records = {
        row.id: row
        for start in range(0, len(record_ids), 500)
        for row in conn.execute(
            select(p).where(p.c.id.in_(sorted(set(record_ids.values()))[start : start + 500]))
        ).all()
    }
    out: dict[str, dict[str, list[Source]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        when = maybe_aware(row.observed_at)
        if when is not None and when >= at:
            continue
        record = records.get(record_ids.get(row.source_id, ""))
        if record is not None:
            source = Source(
                "partner_record",
                record.id,
                f"{record.organisation}: {record.record_type.replace('_', ' ')} record",
                aware(record.recorded_at),
                record.content,
            )
        else:
            source = Source(
                row.source_kind, row.source_id, f"{row.source_kind} {row.source_id}", when
            )
        out[canonical.of(row.entity_id)][row.value].append(source)
    return out, _report_signs(conn, canonical, at, out)


def _report_signs(
    conn: Connection,
    canonical: Canonical,
    at: datetime,
    out: dict[str, dict[str, list[Source]]],
) -> set[str]:
    s, e, r = tables.statements, tables.entities, tables.reports
    rows = conn.execute(
        select(s.c.entity_id, r.c.id, r.c.reference, r.c.sanitised_text, r.c.reported_at)
        .join(e, e.c.id == s.c.entity_id)
        .join(r, r.c.id == s.c.source_id)
        .where(e.c.schema == "Person", s.c.source_kind == "report", r.c.reported_at < at)
        .distinct()
    ).all()
    children: set[str] = set()
    for row in rows:
        for hit in found(EXPLOITATION_TEXT, row.sanitised_text):
            if hit.code == "CHILD_DEALING":
                children.add(canonical.of(row.entity_id))
            marker = REPORT_SIGNS.get(hit.code)
            if marker is None:
                continue
            sources = out[canonical.of(row.entity_id)][marker.value]
            if all(x.id != row.id for x in sources):
                sources.append(
                    Source(
                        "report",
                        row.id,
                        f"Report {row.reference}: {hit.label}",
                        aware(row.reported_at),
                        row.sanitised_text,
                    )
                )
    return children


EPOCH = datetime.min.replace(tzinfo=UTC)


def _markers(by_code: dict[str, list[Source]], wanted: frozenset[M] | None = None) -> list[Marker]:
    codes = [m for m in M if m.value in by_code and (wanted is None or m in wanted)]
    return [
        Marker(code.value, sorted(by_code[code.value], key=lambda x: (x.when or EPOCH, x.id)))
        for code in codes
    ]


def _names(
    conn: Connection, canonical: Canonical, people: set[str], props: list[str]
) -> dict[str, str]:
    members = {m: p for p in people for m in canonical.members(p)}
    values = property_values(conn, members, props)
    merged: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for member, found_props in values.items():
        for prop, found_values in found_props.items():
            merged[members[member]][prop] |= found_values
    return {p: caption(merged.get(p, {}), *props) for p in people}


def build_register(conn: Connection, at: datetime, kind: str | None = None) -> Register:
    canonical = fold_same_homes(conn, Canonical.load(conn))
    by_person, described_as_children = _source_rows(conn, canonical, at)
    names = _names(conn, canonical, set(by_person), ["name", "street_name"])
    people: list[PersonEntry] = []
    if kind in (None, "child", "adult"):
        for person, by_code in by_person.items():
            age = age_status(conn, canonical.members(person), at)
            # As for the people to safeguard: recorded or described as a child is enough
            # while the age is uncertain (s.51).
            child = age.treated_as_child or (
                age.uncertain
                and (M.CHILD_AT_RISK_CCE.value in by_code or person in described_as_children)
            )
            entry_kind = "child" if child else "adult"
            if kind not in (None, entry_kind):
                continue
            people.append(
                PersonEntry(
                    person,
                    names.get(person) or "Name not known",
                    entry_kind,
                    age.age,
                    age.basis,
                    _markers(by_code),
                )
            )
    people.sort(key=lambda p: (p.kind != "child", -len(p.markers), p.name, p.person_id))
    addresses = (
        _addresses(conn, canonical, at, by_person, names) if kind in (None, "address") else []
    )
    return Register(people, addresses)


def _addresses(
    conn: Connection,
    canonical: Canonical,
    at: datetime,
    by_person: dict[str, dict[str, list[Source]]],
    names: dict[str, str],
) -> list[AddressEntry]:
    ln = tables.links
    homes: dict[str, dict[str, list[Source]]] = defaultdict(lambda: defaultdict(list))
    tenants: dict[str, dict[str, str]] = defaultdict(dict)
    for row in conn.execute(select(ln).where(ln.c.link_type == "LIVES_AT")).all():
        person = canonical.of(row.source_id)
        markers = {c: s for c, s in by_person.get(person, {}).items() if M(c) in ADDRESS_MARKERS}
        if not markers or not valid_at(row, at):
            continue
        address = canonical.of(row.target_id)
        tenant = names.get(person) or "Name not known"
        tenants[address][person] = tenant
        for code, sources in markers.items():
            known = {x.id for x in homes[address][code]}
            homes[address][code].extend(
                Source(x.kind, x.id, x.title, x.when, x.text, tenant)
                for x in sources
                if x.id not in known
            )
    c = tables.closure_orders
    for row in conn.execute(select(c).where(c.c.notice_served_at < at)).all():
        address = canonical.of(row.address_id)
        homes[address][M.PAST_CUCKOOING.value].append(
            Source(
                "closure",
                row.id,
                "Closure notice served on the address",
                aware(row.notice_served_at),
                f"Authorised by {row.notice_authorised_by}",
            )
        )
    labels = _names(conn, canonical, set(homes), ["full", "postcode"])
    postcodes = _names(conn, canonical, set(homes), ["postcode"])
    risks = {canonical.of(a): r for a, r in current_risks(conn).items()}
    out = []
    for address, by_code in homes.items():
        risk = risks.get(address)
        label = ", ".join(x for x in (labels.get(address), postcodes.get(address)) if x)
        out.append(
            AddressEntry(
                address,
                label or "Address not written",
                _markers(by_code, ADDRESS_MARKERS),
                sorted(tenants[address].items(), key=lambda t: t[1]),
                risk.level if risk else None,
                risk.score if risk else None,
            )
        )
    out.sort(key=lambda a: (-(a.risk_score or 0), -len(a.markers), a.address))
    return out


def vulnerability_register(access: Access, kind: str | None = None, as_of: AsOf = None) -> Register:
    """People and addresses with vulnerability markers, and the records behind each; logged.

    ``kind`` narrows it to ``child``, ``adult`` or ``address``.
    """
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    access.require(Permission.VIEW_PERSONAL_DATA)
    force_only(access)
    with access.store.begin() as conn:
        register = build_register(conn, cutoff(as_of), kind)
        seen = [f"entities:{p.person_id}" for p in register.people]
        seen += [f"entities:{a.address_id}" for a in register.addresses]
        access.consult(conn, seen or ["register:empty"])
    return register
