"""Places in report text: addresses, streets, roads, local landmarks, towns and villages.

Street addresses are found by shape ("Flat 3, 12 Cricket Lawns", "14 Station Road", "Queen
Street", "Northgate"); A- and M-roads after a word like "on the"; local names ("the Rec",
"the Lawns", "the station car park") from the landmark list; towns, villages and cities from
the gazetteer of Rutland and its neighbours.
"""

from __future__ import annotations

import re
from functools import cache

from linewatch.collect import extract_gazetteer as gazetteer
from linewatch.collect.extract_items import Found, clean_value

_SUFFIXES = (
    "Road Street Lane Close Drive Way Avenue Crescent Walk View Gardens Court Place Row Terrace "
    "Hill Green Grove Rise Mews Square Chase Boulevard Parade Park Lawns Leas Cross Yard Wharf "
    "Vale Croft Fields Meadows Paddocks Spinney Approach Circle Gate Bank End Mount"
)
# Suffixes that are also surnames: "Tony Hill" is a person unless a house number says not.
_SURNAME_SUFFIXES = frozenset(
    re.findall(r"\w+", "Hill Green Park Grove Cross Chase Lane Fields Gate Bank Mount")
)
_WORD = r"(?:[A-Z][a-z]+(?:['’]s)?|St)"
_STREET = (
    rf"(?:(?:{_WORD}[ \t]+){{1,3}}(?:{'|'.join(_SUFFIXES.split())})"
    r"(?:[ \t]+(?:East|West|North|South)\b)?"
    r"|The[ \t]+(?:Leas|Green|Avenue|Crescent|Drive|Parade|Chase|Croft|Limes|Paddocks|Spinney"
    r"|Maltings|Square|Nook|Pastures)"
    r"|[A-Z][a-z]{3,}gate)\b"
)
_HOUSE = (
    r"(?:(?:Flat|Apartment|Apt|Unit|Room)[ \t]+\d{1,4}[A-Za-z]?,?[ \t]+)?"
    r"\d{1,4}[A-Za-z]?,?[ \t]+"
)
_ADDRESS = re.compile(rf"(?<![\w£$.,/])(?P<house>{_HOUSE})?(?P<street>{_STREET})")
_ROAD = re.compile(r"\b(?:A|M|B)[1-9]\d{0,3}(?:\(M\))?(?![\w(])")
_ROAD_BEFORE = re.compile(
    r"\b(?:the|on|along|via|off|onto|near|towards|up|down|from|joined|left|leaving)\s+$",
    re.IGNORECASE,
)
_ROAD_AFTER = re.compile(
    r"^\s+(?:road|northbound|southbound|eastbound|westbound|[NSEW]B|slip|junction)\b", re.IGNORECASE
)
_PLACE_CUE = re.compile(
    r"\b(?:in|at|near|from|to|towards|around|outside|into|through|via|of)\s+$", re.IGNORECASE
)
# A car park or an estate named by the people who use it.
_GENERIC_SPOT = re.compile(
    r"\bthe\s+(?:[A-Z][a-z]+\s+){1,2}(?:car\s+park|estate|rec|flats|precinct|playing\s+fields)\b"
    r"|\bthe\s+(?:station|bus\s+station|leisure\s+centre|co-op|tesco|school)\s+car\s+park\b",
)

STREET_CONFIDENCE = 0.6
ADDRESS_CONFIDENCE = 0.85
LANDMARK_CONFIDENCE = 0.8
ROAD_CONFIDENCE = 0.75
PLACE_CONFIDENCE = 0.85
CUED_PLACE_CONFIDENCE = 0.7


@cache
def _landmark_pattern() -> re.Pattern[str]:
    names = sorted((name for name, _ in gazetteer.landmarks()), key=len, reverse=True)
    parts = [r"\s+".join(re.escape(word) for word in name.split()) for name in names]
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.IGNORECASE)


@cache
def _place_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(places matched in any case, places that are also words: capitals and a cue only)."""

    def alternation(names: list[str]) -> str:
        names = sorted(names, key=len, reverse=True)
        return "|".join(r"\s+".join(re.escape(w) for w in n.split()) for n in names)

    plain = [p.name for p in gazetteer.places() if not p.needs_cue]
    cued = [p.name for p in gazetteer.places() if p.needs_cue]
    return (
        re.compile(rf"(?<![\w'’-])(?:{alternation(plain)})(?![\w'’-])", re.IGNORECASE),
        re.compile(rf"(?<![\w'’-])(?:{alternation(cued)})(?![\w'’-])"),
    )


def _addresses(text: str) -> list[Found]:
    found = []
    for hit in _ADDRESS.finditer(text):
        words = hit.group("street").split()
        first, last = words[0], words[-1]
        numbered = hit.group("house") is not None
        if not numbered and last in _SURNAME_SUFFIXES and gazetteer.is_first_name(first):
            continue
        rule = "address.house_and_street" if numbered else "address.street"
        confidence = ADDRESS_CONFIDENCE if numbered else STREET_CONFIDENCE
        found.append(_item("address", hit.start(), hit.end(), text, confidence, rule))
    return found


def _roads(text: str) -> list[Found]:
    found = []
    for hit in _ROAD.finditer(text):
        before = _ROAD_BEFORE.search(text, max(0, hit.start() - 12), hit.start())
        if before or _ROAD_AFTER.match(text[hit.end() : hit.end() + 16]):
            found.append(_item("address", hit.start(), hit.end(), text, ROAD_CONFIDENCE, "road"))
    return found


def _landmarks(text: str) -> list[Found]:
    found = [
        _item("address", h.start(), h.end(), text, LANDMARK_CONFIDENCE, "landmark.gazetteer")
        for h in _landmark_pattern().finditer(text)
    ]
    found += [
        _item("address", h.start(), h.end(), text, STREET_CONFIDENCE, "landmark.named_spot")
        for h in _GENERIC_SPOT.finditer(text)
    ]
    return found


def _towns(text: str) -> list[Found]:
    plain, cued = _place_patterns()
    found = [
        _item("place", h.start(), h.end(), text, PLACE_CONFIDENCE, "place.gazetteer")
        for h in plain.finditer(text)
        if h.group()[0].isupper() or h.group().islower()
    ]
    found += [
        _item("place", h.start(), h.end(), text, CUED_PLACE_CONFIDENCE, "place.gazetteer_after_cue")
        for h in cued.finditer(text)
        if _PLACE_CUE.search(text, max(0, h.start() - 12), h.start())
    ]
    return found


def _item(kind: str, start: int, end: int, text: str, confidence: float, rule: str) -> Found:
    written = text[start:end]
    return Found(kind, start, end, written, clean_value(kind, written), confidence, rule)


def places(text: str) -> list[Found]:
    """Addresses, streets, roads, landmarks and gazetteer places; they may overlap (the
    caller keeps the better of two overlapping items)."""
    return _landmarks(text) + _addresses(text) + _roads(text) + _towns(text)
