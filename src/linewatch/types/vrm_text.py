"""Finding vehicle registration marks, whole or partly read, in free text."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from linewatch.types import postcode
from linewatch.types.match import Match
from linewatch.types.vrm import FORMAT_PATTERNS, validate

# A token is a run of letters, digits and the placeholders ? and * that a
# partly read plate is written with ("AB12 C??").
_TOKEN = re.compile(r"(?<![\w?*/£$\-])[A-Za-z0-9?*]+(?![\w?*/\-])")
# Every mark has a letter and a digit (either may be unread) and at most 7 characters; this
# cheap test spares ordinary words the full check.
_MARKISH = re.compile(r"^(?=.*[A-Z?*])(?=.*[0-9?*])[A-Z0-9?*]{2,7}$")
_NUMERIC = re.compile(r"[0-9?*]")
_PARTIAL_CURRENT = re.compile(r"^[A-Z?]{2}[0-9?]{2}[A-Z?]{3}$")
_VEHICLE_CONTEXT = re.compile(
    r"\b(?:reg(?:istration)?|vrm|index|plates?|cherished\s+number)"
    r"(?:\s+(?:no|number|mark))?\b\.?\W{0,4}$",
    re.IGNORECASE,
)
_PARTIAL_CONTEXT = re.compile(
    r"\b(?:(?P<part>partial|part)\s+)?(?:number\s+)?(?:plate|reg(?:istration)?|vrm|index)"
    r"(?:\s+(?:mark|number))?\s*(?:(?:was|is|of|read|reading|showing)\s+)?[:\-]?\s*"
    r"(?P<dir>(?:starting|beginning|ending)\s+(?:with\s+|in\s+)?)?[\"']?"
    r"(?P<frag>[A-Za-z0-9?*]{1,4}(?: [A-Za-z0-9?*]{1,3})?)(?![\w?*])",
    re.IGNORECASE,
)
# Letter blocks that are words in notes, not plates: "APT 12B", "TEL 999A", and car makes
# and trims after a model ("X5 BMW", "A4 TDI").
_NOT_PLATE_LETTERS = {
    *("APT", "FLT", "TEL", "MOB", "REF", "NUM", "URN", "CAD", "LOG", "TXT", "MPH", "KPH"),
    *("BMW", "AMG", "GTI", "TDI", "TSI", "HDI", "CDI", "SRI", "VAN", "CAR", "SUV", "MPV"),
}


def _partials(text: str) -> list[Match]:
    found = []
    for hit in _PARTIAL_CONTEXT.finditer(text):
        fragment = hit.group("frag")
        if not (hit.group("part") or hit.group("dir")):
            continue
        if not (re.search(r"[\d?*]", fragment) or fragment.isupper()):
            continue  # "partial plate of the car": a word, not a fragment
        value = fragment.upper().replace(" ", "").replace("*", "?")
        direction = (hit.group("dir") or "").lower()
        if direction.startswith(("starting", "beginning")):
            value += "*"
        elif direction.startswith("ending"):
            value = "*" + value
        found.append(Match("vrm", hit.start("frag"), hit.end("frag"), fragment, value, True))
    return found


@lru_cache(maxsize=8192)
def _format_if_valid(mark: str, today: date) -> str | None:
    if validate(mark, today=today):
        return None
    return next(name for name, pattern in FORMAT_PATTERNS if pattern.match(mark))


def _full_or_placeholder(
    text: str, tokens: list[re.Match[str]], i: int, today: date
) -> Match | None:
    # Try the token with its neighbour (a mark written with its space) before it alone.
    gap = text[tokens[i].end() : tokens[i + 1].start()] if i + 1 < len(tokens) else ""
    spans = [(i, i + 1), (i, i)] if gap == " " else [(i, i)]
    for first, last in spans:
        start, end = tokens[first].start(), tokens[last].end()
        written = text[start:end]
        mark = written.upper().replace(" ", "")  # tokens hold only letters, digits, ? and *
        if not _MARKISH.match(mark):
            continue
        if "?" in mark or "*" in mark:
            if _PARTIAL_CURRENT.match(mark.replace("*", "?")):
                return Match("vrm", start, end, written, mark.replace("*", "?"), True)
            continue
        name = _format_if_valid(mark, today)
        if name is None:
            continue
        keyword = bool(_VEHICLE_CONTEXT.search(text, max(0, start - 30), start))
        if name in ("dateless", "northern_ireland") and not keyword:
            continue  # "A1", "M6", "LE15": roads and postcode districts look just like these
        if name != "current" and not keyword and (written != written.upper()):
            continue
        if name == "suffix" and mark[:3] in _NOT_PLATE_LETTERS:
            continue
        if name == "prefix" and mark[-3:] in _NOT_PLATE_LETTERS:
            continue
        return Match("vrm", start, end, written, mark)
    return None


def find_all(
    text: str, *, exclude: list[tuple[int, int]] | None = None, today: date | None = None
) -> list[Match]:
    """Registration marks in free text; the rules are told at ``vrm.find_all``."""
    # A postcode's halves look like dateless marks ("LE15", "6AB").
    taken = list(exclude or []) + [(m.start, m.end) for m in postcode.find_all(text)]
    found = [m for m in _partials(text) if not _overlaps(m.start, m.end, taken)]
    taken += [(m.start, m.end) for m in found]
    tokens = list(_TOKEN.finditer(text))
    # Every mark has a digit (or an unread character) in its first or second token.
    numeric = [bool(_NUMERIC.search(token.group())) for token in tokens] + [False]
    day = today or date.today()
    i = 0
    while i < len(tokens):
        if not (numeric[i] or numeric[i + 1]):
            i += 1
            continue
        match = _full_or_placeholder(text, tokens, i, day)
        if match and not _overlaps(match.start, match.end, taken):
            found.append(match)
            taken.append((match.start, match.end))
            i += 2 if " " in match.text else 1
        else:
            i += 1
    return sorted(found, key=lambda m: m.start)


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in spans)
