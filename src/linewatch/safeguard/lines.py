"""Who is tied to a county line: the people safeguarding looks for first.

A person is tied to a line when a source links them to it (RUNS_FOR, HOLDS_LINE), when they
use a phone that is a line's deal number (one with a DEAL_NUMBER_OF link, or one the comms
analysis currently flags as a deal line: a DEAL_LINE assessment at or above the threshold), or
when they use a phone among the numbers a deal line is most in touch with (the CONTACTED links
comms records), which is where a line's runners and staff show up. Phones are matched by
number, so a phone recorded by two sources counts once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from linewatch import settings
from linewatch.safeguard.canonical import Canonical
from linewatch.safeguard.clock import valid_at
from linewatch.safeguard.entities import entities_with, property_values
from linewatch.store import tables

DEAL_LINE_CLAIM = "DEAL_LINE"
LINE_LINKS = {"RUNS_FOR": "runs for", "HOLDS_LINE": "holds"}


@dataclass
class LineTie:
    person_id: str
    reasons: list[str] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    deal_numbers: set[str] = field(default_factory=set)
    contact_numbers: set[str] = field(default_factory=set)

    def summarise(self) -> None:
        """One reason per kind of tie, naming every number behind it."""
        if self.deal_numbers:
            many = len(self.deal_numbers) > 1
            self.reasons.append(
                f"uses {', '.join(sorted(self.deal_numbers))}, "
                + ("deal line numbers" if many else "a deal line number")
            )
        if self.contact_numbers:
            self.reasons.append(
                f"uses {', '.join(sorted(self.contact_numbers))}, among the numbers a deal "
                "line is most in touch with"
            )
        self.reasons = sorted(set(self.reasons))
        self.evidence = unique_evidence(self.evidence)


def _deal_numbers(conn: Connection) -> dict[str, list[dict[str, Any]]]:
    """Deal numbers (E.164) -> the evidence that says each is one."""
    a, ln = tables.assessments, tables.links
    threshold = float(settings.get("deal_line_threshold"))
    evidence_by_phone: dict[str, list[dict[str, Any]]] = defaultdict(list)
    flagged = conn.execute(
        select(a.c.id, a.c.subject_id, a.c.score).where(
            a.c.claim == DEAL_LINE_CLAIM, a.c.superseded_at.is_(None), a.c.score >= threshold
        )
    ).all()
    for assessment_id, phone_id, score in flagged:
        evidence_by_phone[phone_id].append(
            {"kind": "assessment", "id": assessment_id, "claim": DEAL_LINE_CLAIM, "score": score}
        )
    linked = conn.execute(
        select(ln.c.id, ln.c.source_id).where(ln.c.link_type == "DEAL_NUMBER_OF")
    ).all()
    for link_id, phone_id in linked:
        evidence_by_phone[phone_id].append(
            {"kind": "link", "id": link_id, "link_type": "DEAL_NUMBER_OF"}
        )
    numbers = property_values(conn, evidence_by_phone, ["number"])
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for phone_id, evidence in evidence_by_phone.items():
        for number in numbers.get(phone_id, {}).get("number", set()):
            out[number].extend(evidence)
    return out


def _line_contacts(conn: Connection, deal_phones: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Numbers the comms analysis found among a deal line's most frequent contacts (CONTACTED
    links), with those links as evidence. Customers call a line now and then; its staff are
    in touch with it all the time, which is what puts a number at the top. Those links run from
    the line; the ones running to it are every number that ever called or texted it, customers
    and all, and say nothing of who works it."""
    ln = tables.links
    wanted = set(deal_phones)
    by_phone: dict[str, list[dict[str, Any]]] = defaultdict(list)
    rows = conn.execute(
        select(ln.c.id, ln.c.target_id, ln.c.evidence_id).where(
            ln.c.link_type == "CONTACTED", ln.c.source_id.in_(sorted(wanted))
        )
    ).all()
    for row in rows:
        other = row.target_id
        if other not in wanted:
            by_phone[other].append(
                {"kind": "link", "id": row.id, "link_type": "CONTACTED", "source": row.evidence_id}
            )
    numbers = property_values(conn, by_phone, ["number"])
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for phone_id, evidence in by_phone.items():
        for number in numbers.get(phone_id, {}).get("number", set()):
            out[number].extend(evidence)
    return out


def line_ties(conn: Connection, canonical: Canonical, at: datetime) -> dict[str, LineTie]:
    """Canonical person id -> how that person is tied to a county line at ``at``."""
    ties: dict[str, LineTie] = {}

    def tie(person: str) -> LineTie:
        root = canonical.of(person)
        return ties.setdefault(root, LineTie(root))

    ln = tables.links
    direct = conn.execute(select(ln).where(ln.c.link_type.in_(list(LINE_LINKS)))).all()
    for row in direct:
        if not valid_at(row, at):
            continue
        entry = tie(row.source_id)
        entry.roles.add("LINE_HOLDER" if row.link_type == "HOLDS_LINE" else "RUNNER")
        entry.reasons.append(f"a {row.evidence_kind} says they {LINE_LINKS[row.link_type]} a line")
        entry.evidence.append({"kind": "link", "id": row.id, "link_type": row.link_type})
    deal = _deal_numbers(conn)
    if deal:
        contacts = _line_contacts(conn, entities_with(conn, "Phone", "number", deal))
        phones = entities_with(conn, "Phone", "number", set(deal) | set(contacts))
        numbers = property_values(conn, phones, ["number"])
        uses = conn.execute(
            select(ln).where(ln.c.link_type == "USES_PHONE", ln.c.target_id.in_(phones))
        ).all()
        for row in uses:
            if not valid_at(row, at):
                continue
            entry = tie(row.source_id)
            link = {"kind": "link", "id": row.id, "link_type": "USES_PHONE"}
            for number in sorted(numbers.get(row.target_id, {}).get("number", set())):
                if number in deal:
                    entry.roles.add("LINE_PHONE_USER")
                    entry.deal_numbers.add(number)
                    entry.evidence.extend([{**link, "number": number}, *deal[number]])
                elif number in contacts:
                    entry.roles.add("LINE_CONTACT")
                    entry.contact_numbers.add(number)
                    entry.evidence.extend([{**link, "number": number}, *contacts[number]])
    for entry in ties.values():
        entry.summarise()
    return ties


def unique_evidence(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Evidence references in first-seen order, each (kind, id) once."""
    seen: set[tuple[str, str]] = set()
    out = []
    for item in items:
        key = (str(item["kind"]), str(item["id"]))
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
