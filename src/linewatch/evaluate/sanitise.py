"""Sanitisation: remove what could identify a source before a report is used or shared.

The first pass is automatic and deliberately narrow: the reporter's own contact details, own
name and first-person phrases that place or describe them. Phone numbers and registrations that
are intelligence (the subject's) stay. An intelligence officer reads the result and confirms
it; until then the report cannot be disseminated (see ``dissemination``). The unsanitised
original stays apart in ``report_originals`` with the details removed from it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select, update

from linewatch.access import Access, Permission
from linewatch.model import AuditOperation
from linewatch.store import tables, utcnow
from linewatch.types import phone

if TYPE_CHECKING:
    import pyarrow as pa

CONTACT_REMOVED = "[source's contact details removed]"
NAME_REMOVED = "[source's name removed]"
ADDRESS_REMOVED = "[source's address removed]"
WORKPLACE_REMOVED = "[source's workplace removed]"
RELATIONSHIP_REMOVED = "[source's relationship to the subject removed]"
PROXIMITY_REMOVED = "[source's relation to this place removed]"

_APOS = "['’]"
# Phrases by which a reporter introduces their own phone number or email address.
_CONTACT_CUE = re.compile(
    rf"""\b(?:
        my\s+(?:(?:mobile|phone|contact|home|work|landline)\s+)?(?:number|no\.?|mobile|phone
            |e-?mail(?:\s+address)?)(?:\s+is|{_APOS}s)?
      | (?:call|ring|phone|text|contact|reach|e-?mail|message|whatsapp)\s+me
            (?:\s+(?:back|anytime|any\s+time))?(?:\s+(?:on|at|via))?
      | (?:you\s+can|please)\s+(?:reach|contact|call|ring|text|get\s+hold\s+of|e-?mail)\s+me
            (?:\s+(?:on|at|via))?
      | (?:i\s+am|i{_APOS}m)\s+(?:on|reachable\s+on)
    )[\s:,-]*""",
    re.IGNORECASE | re.VERBOSE,
)
_CONNECTOR = re.compile(r"[\s,/]*(?:\b(?:or|and)\b)?[\s,/:]*(?:on|at)?\s*", re.IGNORECASE)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")

_NAME_CUE = re.compile(
    rf"\b(?:my\s+name\s+is|my\s+name{_APOS}s|i\s+am\s+called|i{_APOS}m\s+called)\s+",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# Words that end a name introduced by "my name is" when the reporter wrote in lower case.
_NOT_NAME_WORDS = (
    "a about an and as at because but by for from have i i'm im in is it live living my of "
    "on or so that the to was who will with"
)
_NOT_NAME = frozenset(_NOT_NAME_WORDS.split())

# First-person phrases placing the reporter; they run to the end of the clause.
_CLAUSE_END = r"(?=[.;!?\n]|\s+(?:and|but|so|where|who|which|because)\b|$)"
_ADDRESS_PHRASE = re.compile(
    rf"""\b(?:
        (?:i|we)\s+(?:live|am\s+living|are\s+living|reside|stay)(?!\s+in\s+fear)
      | (?:i{_APOS}m|we{_APOS}re)\s+living
      | (?:i\s+am|i{_APOS}m)\s+(?:the|a|their|his|her)\s+(?:next[\s-]door\s+)?neighbour
      | (?:my|our)\s+(?:address|house|flat|home)\s+is
    )\b[^.;!?\n]*?{_CLAUSE_END}""",
    re.IGNORECASE | re.VERBOSE,
)
# "I live near X": X is the place reported on, which is intelligence; only the reporter's
# relation to it goes. Checked before the address phrase, which would take X with it.
_PROXIMITY_PHRASE = re.compile(
    r"""\b(?:i|we)\s+(?:live|am\s+living|are\s+living|stay)\s+(?:
        near(?:\s+to)?|close\s+to|opposite|next\s+door\s+to|across\s+(?:the\s+road\s+)?from
      | over\s+the\s+road\s+from|round\s+the\s+corner\s+from|beside|by
      | (?:a\s+few|two|three)\s+doors\s+(?:down\s+|up\s+)?from|above|below|under
    )\b\s*""",
    re.IGNORECASE | re.VERBOSE,
)
_WORK_PHRASE = re.compile(
    rf"\b(?:i|we)\s+(?:work|am\s+employed|volunteer)\s+(?:at|in|for)\b[^.;!?\n]*?{_CLAUSE_END}",
    re.IGNORECASE,
)
_RELATIONSHIP_PHRASE = re.compile(
    rf"\b(?:i\s+am|i{_APOS}m)\s+(?:his|her|their)\s+(?:[a-z-]+\s+)?"
    r"(?:mother|mum|father|dad|parent|sister|brother|aunt|uncle|grandmother|gran|nan|"
    r"grandfather|grandad|carer|teacher|landlord|landlady|partner|ex|girlfriend|boyfriend|"
    r"wife|husband|cousin|friend|neighbour|social\s+worker|support\s+worker)\b",
    re.IGNORECASE,
)

# What every pattern above needs somewhere: "my", "our" or "me", or "I"/"we" followed by one
# of the verbs the patterns start from ("I live", "we are", "I'm"). A report that only says
# "I think" or "I saw" names nothing of its reporter, and is passed over at the cost of one
# search (most reports; see the sanitiser test that checks the two ways always agree).
_FIRST_PERSON = re.compile(
    rf"\b(?:my|me|our)\b|\b(?:i|we)(?:\s+(?:live|am|are|reside|stay|work|volunteer)\b"
    rf"|{_APOS}(?:m|re)\b)",
    re.IGNORECASE,
)
# The same first look, in RE2 (Arrow's regular expressions), over a whole column of texts.
# RE2 differs from Python's re in three ways that matter here, each made to err towards a
# closer look: its \s knows only ASCII, so Python's whitespace is spelt out; its \b knows
# only ASCII letters, but every \b here has one of the pattern's ASCII letters beside it, so
# RE2 sees a boundary wherever Python does; and its case-folding lacks the four letters
# Python's re folds into ASCII ones, which are looked for on their own.
_FIRST_PERSON_RE2 = (
    r"[\x{130}\x{131}\x{17f}\x{212a}]|(?i:\b(?:my|me|our)\b|\b(?:i|we)(?:"
    r"[\t-\r\x1c-\x1f\x{85}\p{Z}]+(?:live|am|are|reside|stay|work|volunteer)\b"
    r"|['\x{2019}](?:m|re)\b))"
)


@dataclass(frozen=True)
class SanitiseResult:
    """The sanitised text and each piece of the original that was taken out."""

    text: str
    removed: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.removed)


class SanitisationError(ValueError):
    """A sanitised text that still carries what identifies the source."""


@dataclass(frozen=True)
class Cut:
    start: int
    end: int
    replacement: str
    removed: tuple[str, ...]
    # Of two cuts starting at one place, the lower rank wins.
    rank: int = 1


def _phones(text: str) -> dict[int, tuple[int, str]]:
    """Phone numbers in the text by start offset: (end, as written)."""
    return {m.start: (m.end, m.text) for m in phone.find_all(text)}


def _contact_cuts(text: str) -> Iterator[Cut]:
    cues = list(_CONTACT_CUE.finditer(text))
    if not cues:
        return
    # Looking for phone numbers is the costly part of the pass, and only a number right after
    # a cue ("call me on ...") is the reporter's own, so a text without a cue skips it.
    phones = _phones(text)
    for cue in cues:
        pos, end = cue.end(), cue.end()
        details: list[str] = []
        while True:
            found: tuple[int, str] | None = phones.get(pos)
            email = _EMAIL.match(text, pos)
            if email:
                found = (email.end(), email.group())
            if found is None:
                break
            end, value = found
            details.append(value)
            connector = _CONNECTOR.match(text, end)
            pos = connector.end() if connector else end
        if details:
            yield Cut(cue.start(), end, CONTACT_REMOVED, tuple(details))


def _name_cuts(text: str) -> Iterator[Cut]:
    for cue in _NAME_CUE.finditer(text):
        pos, end = cue.end(), cue.end()
        words: list[str] = []
        while len(words) < 4:
            word = _NAME_WORD.match(text, pos)
            if not word or word.group().lower().replace("’", "'") in _NOT_NAME:
                break
            # A name keeps the case style of its first word: "Jane Smith saw" ends at "saw",
            # while a reporter who wrote "jane smith" in lower case keeps both words.
            if words and word.group()[0].isupper() != words[0][0].isupper():
                break
            words.append(word.group())
            end = word.end()
            gap = re.match(r"[ \t]+", text[end:])
            pos = end + (gap.end() if gap else 0)
        if words:
            yield Cut(cue.start(), end, NAME_REMOVED, (" ".join(words),))


def _phrase_cuts(
    text: str, pattern: re.Pattern[str], replacement: str, rank: int = 1
) -> Iterator[Cut]:
    for match in pattern.finditer(text):
        phrase = match.group().rstrip(" ,")
        if phrase:
            end = match.start() + len(phrase)
            yield Cut(match.start(), end, replacement, (phrase,), rank)


def _proximity_cuts(text: str) -> Iterator[Cut]:
    for match in _PROXIMITY_PHRASE.finditer(text):
        yield Cut(match.start(), match.end(), PROXIMITY_REMOVED + " ", (match.group().strip(),), 0)


def cuts(text: str) -> list[Cut]:
    """The automatic pass's cuts in ``text``, in order, none overlapping another."""
    found = [
        *_contact_cuts(text),
        *_name_cuts(text),
        *_proximity_cuts(text),
        *_phrase_cuts(text, _ADDRESS_PHRASE, ADDRESS_REMOVED),
        *_phrase_cuts(text, _WORK_PHRASE, WORKPLACE_REMOVED),
        *_phrase_cuts(text, _RELATIONSHIP_PHRASE, RELATIONSHIP_REMOVED),
    ]
    # Where two cuts overlap the earlier one wins (the proximity phrase over the address
    # phrase at the same place, else the longer); the other is mostly inside it anyway.
    found.sort(key=lambda c: (c.start, c.rank, -c.end))
    kept: list[Cut] = []
    for cut in found:
        if kept and cut.start < kept[-1].end:
            continue
        kept.append(cut)
    return kept


def sanitise(text: str) -> SanitiseResult:
    """Remove the reporter's own name, contact details and self-identifying phrases."""
    if not _FIRST_PERSON.search(text):
        # Every phrase the pass removes is the reporter speaking of themself; a text in the
        # third person (most partner records) has nothing to take out.
        return SanitiseResult(text)
    kept = cuts(text)
    pieces: list[str] = []
    pos = 0
    for cut in kept:
        pieces.append(text[pos : cut.start])
        pieces.append(cut.replacement)
        pos = cut.end
    pieces.append(text[pos:])
    return SanitiseResult("".join(pieces), [piece for c in kept for piece in c.removed])


def might_identify_reporter(texts: pa.Array) -> pa.Array:
    """For each text of an Arrow column, False only where ``sanitise`` would take nothing out
    (it is true of every text ``sanitise`` changes, and of some it leaves as they are)."""
    import pyarrow.compute as pc

    return pc.fill_null(pc.match_substring_regex(texts, _FIRST_PERSON_RE2), False)


def _still_present(removed: str, text: str) -> bool:
    try:
        return phone.clean(removed) in {m.value for m in phone.find_all(text)}
    except ValueError:
        return removed.strip().lower() in text.lower()


def confirm_sanitised(access: Access, report_id: str, text: str) -> None:
    """An intelligence officer confirms the sanitised text, which makes it shareable.

    The text is refused if it still holds any detail the sanitiser removed as the source's.
    """
    access.require(Permission.GRADE_REPORTS)
    if not text.strip():
        raise SanitisationError("the sanitised text cannot be empty")
    with access.store.begin() as conn:
        original = conn.execute(
            select(tables.report_originals.c.contact_details).where(
                tables.report_originals.c.report_id == report_id
            )
        ).first()
        exists = conn.execute(
            select(tables.reports.c.id).where(tables.reports.c.id == report_id)
        ).first()
        if exists is None:
            raise LookupError(f"no report {report_id!r}")
        removed: list[str] = json.loads(original[0]) if original and original[0] else []
        leaks = [r for r in removed if _still_present(r, text)]
        if leaks:
            raise SanitisationError(
                "the text still holds details that identify the source: " + ", ".join(leaks)
            )
        conn.execute(
            update(tables.reports)
            .where(tables.reports.c.id == report_id)
            .values(
                sanitised_text=text,
                sanitised=True,
                sanitised_by=access.actor.id,
                sanitised_at=utcnow(),
            )
        )
        access.log(conn, AuditOperation.ALTERATION, [report_id], operation_ref="sanitise")
