"""Comparison keys for values that agencies write in different ways.

Identifiers (numbers, registrations, postcodes) are already stored in one canonical form by
``linewatch.types``; names and address lines are not, so exact matching compares these keys.
"""

from __future__ import annotations

import re
import unicodedata

_TOKEN = re.compile(r"[a-z0-9]+")
# Apostrophes join ("O'Brien" is "obrien"); any other punctuation separates words.
_JOINERS = re.compile(r"['’`]")
_POSTCODE_TAIL = re.compile(r"\s*\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\s*$", re.IGNORECASE)
# Titles say nothing about who someone is, and agencies add them inconsistently.
_TITLES = frozenset({"mr", "mrs", "miss", "ms", "mx", "dr"})
_UNIT = re.compile(r"^(flat|apartment|apt|unit|room|suite|studio)\b|^\d+[a-z]?$")
_STREET_WORDS = {
    "rd": "road",
    "ave": "avenue",
    "av": "avenue",
    "ln": "lane",
    "cl": "close",
    "dr": "drive",
    "ct": "court",
    "cres": "crescent",
    "gdns": "gardens",
    "pl": "place",
    "sq": "square",
    "tce": "terrace",
    "terr": "terrace",
    "gr": "grove",
}


def _tokens(raw: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", _JOINERS.sub("", raw))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _TOKEN.findall(plain.casefold())


def name_key(raw: str) -> str:
    """A person's full name as a comparison key.

    Case, accents, punctuation, titles and word order are ignored, so "SMITH, John" and
    "Mr John Smith" agree; spelling, initials and middle names are not forgiven (that is
    probabilistic matching's job).
    """
    return " ".join(sorted(t for t in _tokens(raw) if t not in _TITLES))


def address_line_key(full: str) -> str:
    """The first line of an address (house and street) as a comparison key.

    A leading flat or house number on its own is joined to the street after it, so
    "Flat 2, 10 High St" and "Flat 2, 12 High St" stay different while "10 High St" and
    "10 High Street, Oakham" agree. A postcode at the end is dropped.
    """
    parts = [p.strip() for p in _POSTCODE_TAIL.sub("", full).split(",") if p.strip()]
    if not parts:
        return ""
    line = parts[:2] if len(parts) > 1 and _UNIT.match(" ".join(_tokens(parts[0]))) else parts[:1]
    words = _tokens(" ".join(line))
    if words and words[-1] == "st":
        words[-1] = "street"
    return " ".join(_STREET_WORDS.get(w, w) for w in words)
