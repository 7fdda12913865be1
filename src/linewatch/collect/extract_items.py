"""What free-text extraction finds: items with their spans and rules, and indicator phrases.

An item is a proposal read from a report's words, never a fact: it carries the text exactly as
written, its cleaned value (what the store would hold), how sure the rule is, and the rule's
name, so an officer can see why it was proposed before confirming it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from linewatch import types
from linewatch.collect import extract_gazetteer as gazetteer

# Each kind of item and the entity property it would become.
KIND_PROPERTY: dict[str, tuple[str, str]] = {
    "phone": ("Phone", "number"),
    "imei": ("Phone", "imei"),
    "imsi": ("Phone", "imsi"),
    "vrm": ("Vehicle", "vrm"),
    "postcode": ("Address", "postcode"),
    "address": ("Address", "full"),
    "place": ("Address", "town"),
    "person": ("Person", "name"),
    "street_name": ("Person", "street_name"),
    "line": ("CountyLine", "brand"),
}
KINDS = tuple(KIND_PROPERTY)
IDENTIFIER_KINDS = ("phone", "imei", "imsi", "vrm", "postcode")

_SPACES = re.compile(r"\s+")
_LINE_WORD = re.compile(r"\s+line$", re.IGNORECASE)
_QUOTES = "'\"‘’“”"


def _brand(text: str) -> str:
    value = _SPACES.sub(" ", text).strip().strip(_QUOTES).strip()
    if value.lower().startswith("the "):
        value = value[4:].strip()
    # "the Tony line" and "Tony" name one line; strip every trailing "line" so that the
    # cleaned value cleans to itself.
    while _LINE_WORD.search(value):
        value = _LINE_WORD.sub("", value).strip()
    if not value:
        raise ValueError(f"{text!r} names no line")
    return value


def clean_value(kind: str, text: str) -> str:
    """The value ``text`` of ``kind`` is stored as; ValueError if it cannot be one.

    Identifiers clean as the store cleans them (E.164, compact VRM, spaced postcode); a place
    takes its gazetteer spelling; names and addresses are kept as written, spaces tidied.
    """
    if kind in IDENTIFIER_KINDS:
        value: str = types.clean(kind, text)
        return value
    if kind == "place":
        place = gazetteer.place(text)
        if place is None:
            raise ValueError(f"{text!r} is not a place in the gazetteer")
        return place.name
    if kind == "line":
        return _brand(text)
    if kind in KIND_PROPERTY:
        return types.clean("name", text)
    raise ValueError(f"unknown kind of item {kind!r}")


@dataclass(frozen=True, slots=True)
class Found:
    """One thing named in a report's text.

    ``text`` is ``source[start:end]`` exactly. ``value`` is the cleaned value, or None for a
    partial registration, whose ``pattern`` keeps what was read: ``AB12*`` (the rest unread),
    ``*CDE`` (the start unread) or ``AB12C??`` (each ``?`` one unread character).
    """

    kind: str
    start: int
    end: int
    text: str
    value: str | None
    confidence: float
    rule: str
    partial: bool = False
    pattern: str | None = None

    @property
    def schema(self) -> str:
        return KIND_PROPERTY[self.kind][0]

    @property
    def prop(self) -> str:
        return KIND_PROPERTY[self.kind][1]


@dataclass(frozen=True, slots=True)
class IndicatorHit:
    """A phrase that is a County Lines indicator (cuckooing, weapons, cash ...)."""

    indicator: str
    label: str
    start: int
    end: int
    phrase: str
    rule: str


@dataclass(frozen=True)
class Extraction:
    """Everything ``extract`` found in one text, in order of position."""

    text: str
    items: tuple[Found, ...] = ()
    indicators: tuple[IndicatorHit, ...] = ()

    def of(self, kind: str) -> list[Found]:
        """The items of one kind."""
        return [item for item in self.items if item.kind == kind]

    @property
    def indicator_codes(self) -> frozenset[str]:
        return frozenset(hit.indicator for hit in self.indicators)

    @property
    def phones(self) -> list[Found]:
        return self.of("phone")

    @property
    def vrms(self) -> list[Found]:
        return self.of("vrm")

    @property
    def postcodes(self) -> list[Found]:
        return self.of("postcode")

    @property
    def addresses(self) -> list[Found]:
        return self.of("address")

    @property
    def places(self) -> list[Found]:
        return self.of("place")

    @property
    def people(self) -> list[Found]:
        return self.of("person")

    @property
    def street_names(self) -> list[Found]:
        return self.of("street_name")

    @property
    def lines(self) -> list[Found]:
        return self.of("line")
