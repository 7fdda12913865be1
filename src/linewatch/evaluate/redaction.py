"""Suggested redactions: each piece of a report that could identify its source, with why.

The automatic pass in ``sanitise`` takes out only what is plainly the reporter's (their own
name, number and address). An intelligence officer goes further by judgement; these
suggestions show them where to look: the reporter's relation to the subject ("my
neighbour"), a viewpoint few people share ("from my window"), a routine ("walking my dog"),
the time they were watching ("at 3am") and a signed-off name. Each carries its span in the
text, the reason, and a replacement the officer may accept or edit. Nothing here changes a
report: the officer's confirmed text does (``sanitise.confirm_sanitised``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

from linewatch.evaluate.sanitise import (
    ADDRESS_REMOVED,
    CONTACT_REMOVED,
    NAME_REMOVED,
    PROXIMITY_REMOVED,
    RELATIONSHIP_REMOVED,
    WORKPLACE_REMOVED,
    cuts,
)

_APOS = "['’]"


@dataclass(frozen=True)
class Redaction:
    """One suggested cut: ``text[start:end]`` becomes ``replacement``, for ``reason``."""

    start: int
    end: int
    text: str
    replacement: str
    kind: str
    reason: str

    @property
    def key(self) -> str:
        """A stable name for the suggestion within one text, for forms to send back."""
        return f"{self.start}-{self.end}"

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "key": self.key}


_AUTO_REASONS = {
    CONTACT_REMOVED: ("contact", "the reporter's own phone number or email address"),
    NAME_REMOVED: ("name", "the reporter's own name"),
    ADDRESS_REMOVED: ("address", "where the reporter lives: it points straight at them"),
    WORKPLACE_REMOVED: ("workplace", "where the reporter works narrows who they can be"),
    RELATIONSHIP_REMOVED: (
        "relationship",
        "the reporter's relation to the subject: few people share it",
    ),
    PROXIMITY_REMOVED.strip(): (
        "proximity",
        "says the reporter lives by the place reported on, which the subject can work out",
    ),
}

_RELATION = re.compile(
    r"\b(?:my|our)\s+(?:(?:next[\s-]door|upstairs|downstairs|elderly|old|new)\s+)?"
    r"(?:neighbours?|landlord|landlady|tenant|lodger|flatmate|housemate|son|daughter|"
    r"nephew|niece|grandson|granddaughter|child|kids?|children|teenager|brother|sister|"
    r"partner|ex|cousin|colleague|client|pupil|patient)\b",
    re.IGNORECASE,
)
_VANTAGE = re.compile(
    r"\b(?:from|out\s+of|through|at)\s+(?:my|our)\s+(?:(?:front|back|bedroom|kitchen|"
    r"upstairs|downstairs)\s+)?(?:window|bedroom|kitchen|flat|house|balcony|front\s+room|"
    r"living\s+room|garden|door|doorstep|drive|car)\b",
    re.IGNORECASE,
)
_ROUTINE = re.compile(
    rf"\b(?:(?:when|while|as)\s+)?(?:i|we)(?:\s+am|{_APOS}m|\s+was|\s+were)?\s+"
    r"(?:walk(?:ing)?\s+(?:my|our|the)\s+dogs?|(?:on|going)\s+(?:my|our|the)\s+"
    r"(?:way\s+to\s+work|school\s+run|night\s+shift|early\s+shift|paper\s+round)|"
    r"(?:start|finish)(?:ing)?\s+(?:my|our)\s+shift|(?:coming|getting)\s+home\s+from\s+"
    r"(?:work|my\s+shift))"
    r"|\b(?:walking|on)\s+(?:my|our)\s+(?:dogs?|way\s+to\s+work|school\s+run|shift)\b"
    r"(?:\s+past)?",
    re.IGNORECASE,
)
_FIRST_PERSON_SEEING = re.compile(
    rf"\b(?:i|we)(?:{_APOS}ve|\s+have|\s+was|\s+were)?\s+(?:saw|see|seen|heard|hear|"
    r"watch(?:ed)?|notice[d]?|spotted|woke|was\s+up|were\s+up|was\s+awake|got\s+up|"
    r"look(?:ed)?\s+out)\b"
    r"|\b(?:my|our)\s+(?:window|bedroom|dog|shift)\b",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"\b(?:at|around|about|from|until|till|by)\s+(?:about\s+|around\s+)?"
    r"(?P<hour>[01]?\d|2[0-3])(?:[:.](?P<minute>[0-5]\d))?\s*(?P<half>am|pm|a\.m\.|p\.m\.)"
    r"|\b(?:at|around|about|from|until|till|by)\s+(?:about\s+|around\s+)?"
    r"(?P<hour24>[01]\d|2[0-3])[:.]?(?P<minute24>[0-5]\d)\b(?:\s*(?:hrs|hours))?",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(
    r"(?:^|[.!\n]\s*)(?P<cue>(?i:thanks|thank\s+you|regards|kind\s+regards|cheers|from)[,!]?\s+)"
    r"(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s*[.!]?\s*$",
)
_SENTENCE = re.compile(r"(?:[^.!?\n]|[.!?](?=\S))+[.!?]?")


def _band(hour: int) -> str:
    """A time reduced to the part of the day: it keeps the pattern, not the watcher."""
    if hour < 6:
        return "in the early hours"
    if hour < 12:
        return "in the morning"
    if hour < 18:
        return "in the afternoon"
    return "in the evening"


def _hour(match: re.Match[str]) -> int:
    if match.group("hour24") is not None:
        return int(match.group("hour24"))
    hour = int(match.group("hour")) % 12
    return hour + 12 if match.group("half").lower().startswith("p") else hour


def _automatic(text: str) -> Iterator[Redaction]:
    for cut in cuts(text):
        kind, reason = _AUTO_REASONS[cut.replacement.strip()]
        yield Redaction(
            cut.start, cut.end, text[cut.start : cut.end], cut.replacement, kind, reason
        )


def _pattern(
    text: str, pattern: re.Pattern[str], kind: str, replacement: str, reason: str
) -> Iterator[Redaction]:
    for match in pattern.finditer(text):
        yield Redaction(match.start(), match.end(), match.group(), replacement, kind, reason)


def _times(text: str) -> Iterator[Redaction]:
    """Clock times in sentences where the reporter says they saw or heard it themselves."""
    for sentence in _SENTENCE.finditer(text):
        if not _FIRST_PERSON_SEEING.search(sentence.group()):
            continue
        for match in _TIME.finditer(sentence.group()):
            start = sentence.start() + match.start()
            yield Redaction(
                start,
                start + len(match.group()),
                match.group(),
                _band(_hour(match)),
                "time",
                "the time the reporter was watching: with the place it can show who saw it",
            )


def _sign_off(text: str) -> Iterator[Redaction]:
    match = _SIGN_OFF.search(text)
    if match:
        yield Redaction(
            match.start("cue"),
            match.end("name"),
            text[match.start("cue") : match.end("name")],
            NAME_REMOVED,
            "name",
            "a name signed at the end is the reporter's own",
        )


def suggest_redactions(text: str) -> list[Redaction]:
    """Every suggested redaction in ``text``, in order, none overlapping another.

    Where two suggestions overlap, the one the automatic pass would make wins, then the
    longer: it holds the other.
    """
    found = [
        *((0, r) for r in _automatic(text)),
        *(
            (1, r)
            for r in _pattern(
                text,
                _RELATION,
                "relationship",
                "[source's relationship removed]",
                "the reporter's relation to the people or place reported on: few share it",
            )
        ),
        *(
            (1, r)
            for r in _pattern(
                text,
                _VANTAGE,
                "viewpoint",
                "[viewpoint removed]",
                "a view from the reporter's own home shows the subject who is watching",
            )
        ),
        *(
            (1, r)
            for r in _pattern(
                text,
                _ROUTINE,
                "routine",
                "[source's routine removed]",
                "a routine (a dog walk, a shift) narrows who passes at that time",
            )
        ),
        *((1, r) for r in _times(text)),
        *((1, r) for r in _sign_off(text)),
    ]
    found.sort(key=lambda pair: (pair[1].start, pair[0], -pair[1].end))
    kept: list[Redaction] = []
    for _, redaction in found:
        if kept and redaction.start < kept[-1].end:
            continue
        kept.append(redaction)
    return kept


def apply_redactions(text: str, redactions: Iterable[Redaction]) -> str:
    """``text`` with each redaction's span replaced; overlapping ones after the first are
    ignored, since their span no longer exists."""
    pieces: list[str] = []
    pos = 0
    for redaction in sorted(redactions, key=lambda r: r.start):
        if redaction.start < pos or text[redaction.start : redaction.end] != redaction.text:
            continue
        pieces.append(text[pos : redaction.start])
        pieces.append(redaction.replacement)
        pos = redaction.end
    pieces.append(text[pos:])
    return "".join(pieces)
