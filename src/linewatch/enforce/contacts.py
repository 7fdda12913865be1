"""The phones attributed to people on bail, and what their call records say about them.

A phone is attributed to a person by a USES_PHONE link (from any record merged into them), and
that link's grading travels with everything read from the phone's records. The records
themselves are read through the comms package (``CallStore``); each read is logged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from linewatch import comms, types
from linewatch.access import Access, Permission
from linewatch.model import AuditOperation
from linewatch.safeguard.canonical import Canonical
from linewatch.safeguard.clock import aware
from linewatch.safeguard.entities import property_values
from linewatch.store import tables

CO_LOCATION_MINUTES = 15


@dataclass(frozen=True)
class Seen:
    """One observation of a bailed person: where (if known), when, with whom, from what."""

    person: str
    moment: datetime
    source: str
    evidence: dict[str, Any]
    latitude: float | None = None
    longitude: float | None = None
    company: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class AttributedPhone:
    number: str  # E.164, as call records hold it
    link_id: str
    grading: str


@dataclass
class PhoneBook:
    by_person: dict[str, list[AttributedPhone]]

    @classmethod
    def load(cls, conn: Connection, canonical: Canonical, people: Iterable[str]) -> PhoneBook:
        members = {m: p for p in people for m in canonical.members(p)}
        ln = tables.links
        rows = list(
            conn.execute(
                select(ln).where(
                    ln.c.link_type == "USES_PHONE", ln.c.source_id.in_(sorted(members))
                )
            ).mappings()
        )
        phone_members = {t: canonical.members(t) for t in {r["target_id"] for r in rows}}
        values = property_values(conn, {m for ms in phone_members.values() for m in ms}, ["number"])
        book: dict[str, list[AttributedPhone]] = defaultdict(list)
        for row in rows:
            grading = "".join(
                row[k] or "-"
                for k in ("source_evaluation", "intelligence_assessment", "handling_code")
            )
            numbers = {
                n
                for m in phone_members[row["target_id"]]
                for n in values.get(m, {}).get("number", ())
            }
            for raw in sorted(numbers):
                try:
                    number = types.clean("phone", raw)
                except ValueError:
                    continue
                book[members[row["source_id"]]].append(AttributedPhone(number, row["id"], grading))
        return cls(dict(book))

    def phones_of(self, person: str) -> list[AttributedPhone]:
        return self.by_person.get(person, [])

    def has_phones(self) -> bool:
        return any(self.by_person.values())


def phone_whereabouts(access: Access, number: str, since: datetime) -> list[comms.CellHour]:
    """The phone's serving cells by local day and hour since ``since`` (logged by comms)."""
    with comms.CallStore() as calls:
        if not calls.files():
            return []
        return comms.whereabouts(access, calls, number, since)


_DIRECT_SQL = """
SELECT timestamp, calling_number, called_number, event_type FROM calls
WHERE ((calling_number = $a AND called_number = $b) OR (calling_number = $b AND called_number = $a))
  AND timestamp >= $since AND timestamp < $until
ORDER BY timestamp
"""


def phone_contacts(
    access: Access,
    book: PhoneBook,
    pairs: set[tuple[str, str]],
    since: datetime,
    until: datetime,
) -> list[Seen]:
    """Calls, texts and shared cells between each (bailed person, named person)'s phones, as
    observations of the bailed person in the named person's company."""
    access.require(Permission.VIEW_PERSONAL_DATA)
    out: list[Seen] = []
    with comms.CallStore() as calls:
        if not calls.files():
            return []
        consulted: set[str] = set()
        for person, named in sorted(pairs):
            for mine in book.phones_of(person):
                for theirs in book.phones_of(named):
                    grading = f"{mine.grading}/{theirs.grading}"
                    rows = calls.con.execute(
                        _DIRECT_SQL,
                        {"a": mine.number, "b": theirs.number, "since": since, "until": until},
                    ).fetchall()
                    consulted |= {comms.phone_id(mine.number), comms.phone_id(theirs.number)}
                    for moment, calling, called, event_type in rows:
                        evidence = {
                            "kind": "phone_contact",
                            "id": f"{calling}->{called}@{aware(moment).isoformat()}",
                            "from": calling,
                            "to": called,
                            "at": aware(moment).isoformat(),
                            "event_type": event_type,
                            "links": [mine.link_id, theirs.link_id],
                            "grading": grading,
                        }
                        out.append(
                            Seen(
                                person,
                                aware(moment),
                                "phone_contact",
                                evidence,
                                company=frozenset({named}),
                            )
                        )
                    for shared in comms.co_location(
                        access, calls, mine.number, theirs.number, CO_LOCATION_MINUTES
                    ):
                        moment = aware(shared.first_time)
                        if not (since <= moment < until):
                            continue
                        evidence = {
                            "kind": "co_location",
                            "id": f"{mine.number}+{theirs.number}@{shared.cell_id}:{moment:%s}",
                            "numbers": [mine.number, theirs.number],
                            "cell_id": shared.cell_id,
                            "at": moment.isoformat(),
                            "other_at": aware(shared.second_time).isoformat(),
                            "within_minutes": CO_LOCATION_MINUTES,
                            "links": [mine.link_id, theirs.link_id],
                            "grading": grading,
                        }
                        out.append(
                            Seen(
                                person,
                                moment,
                                "phone_contact",
                                evidence,
                                company=frozenset({named}),
                            )
                        )
        if consulted:
            with access.store.begin() as conn:
                access.log(conn, AuditOperation.CONSULTATION, sorted(consulted))
    return out
