"""Value kinds, one module each, with clean / validate / compare.

``clean(type_name, raw)`` is what the store calls for every statement value: it returns the
canonical stored form or raises ValueError with a reason a user can act on. ``compare`` gives
the similarity that matching uses, and ``find_all`` finds identifiers in free text.
"""

from __future__ import annotations

import re
from types import ModuleType

from linewatch.model import enums
from linewatch.types import dates, imei, imsi, phone, postcode, vrm
from linewatch.types.match import Match

__all__ = [
    "IDENTIFIER_MODULES",
    "Match",
    "clean",
    "compare",
    "dates",
    "find_all",
    "imei",
    "imsi",
    "phone",
    "postcode",
    "validate",
    "vrm",
]

# Identifier kinds with a module of their own (linewatch.types.<name>).
IDENTIFIER_MODULES = ("phone", "vrm", "postcode", "imei", "imsi")
_MODULES: dict[str, ModuleType] = {
    "phone": phone,
    "vrm": vrm,
    "postcode": postcode,
    "imei": imei,
    "imsi": imsi,
}
_SPACES = re.compile(r"\s+")


def _clean_name(raw: str) -> str:
    value = _SPACES.sub(" ", raw).strip()
    if not value:
        raise ValueError("a name cannot be empty")
    return value


def _clean_number(raw: str) -> str:
    try:
        number = float(raw)
    except ValueError:
        raise ValueError(f"{raw!r} is not a number") from None
    return str(int(number)) if number.is_integer() else str(number)


def _clean_latlon(raw: str) -> str:
    try:
        lat_text, lon_text = raw.split(",")
        lat, lon = float(lat_text), float(lon_text)
    except ValueError:
        raise ValueError(f"{raw!r} is not 'latitude,longitude'") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"{raw!r} is outside the range of coordinates")
    return f"{lat:.6f},{lon:.6f}"


def _clean_enum(vocabulary: str, raw: str) -> str:
    enum_class = getattr(enums, vocabulary)
    value = raw.strip().upper()
    if value not in {m.value for m in enum_class}:
        raise ValueError(f"{raw!r} is not a {vocabulary} code")
    return value


def clean(type_name: str, raw: str) -> str:
    """The canonical stored form of ``raw`` for a schema property type."""
    if type_name in IDENTIFIER_MODULES:
        value: str = _module(type_name).clean(raw)
        return value
    if type_name.startswith("enum:"):
        return _clean_enum(type_name.removeprefix("enum:"), raw)
    if type_name == "name":
        return _clean_name(raw)
    if type_name in {"text", "identifier", "lsoa"}:
        return _clean_name(raw)
    if type_name == "number":
        return _clean_number(raw)
    if type_name == "date":
        return dates.clean(raw)
    if type_name == "latlon":
        return _clean_latlon(raw)
    raise ValueError(f"unknown value type {type_name!r}")


def _module(type_name: str) -> ModuleType:
    return _MODULES[type_name]


def validate(type_name: str, raw: str) -> list[str]:
    """The problems with ``raw`` as a value of ``type_name`` (empty if it is valid)."""
    try:
        clean(type_name, raw)
    except ValueError as error:
        return [str(error)]
    return []


def compare(type_name: str, a: str, b: str) -> float:
    """Similarity in [0, 1] of two raw values of ``type_name`` for matching.

    Identifier kinds use their module's rules (misread plates, miswritten digits); any other
    kind scores 1.0 when both values clean to the same thing and 0.0 otherwise.
    """
    if type_name in IDENTIFIER_MODULES:
        score: float = _module(type_name).compare(a, b)
        return score
    try:
        return 1.0 if clean(type_name, a) == clean(type_name, b) else 0.0
    except ValueError:
        return 0.0


def find_all(text: str) -> list[Match]:
    """Every identifier in free text, in order and without overlaps: postcodes, vehicle
    marks (partial ones marked), phone numbers, IMEIs and IMSIs."""
    found = postcode.find_all(text)
    for finder in (imei.find_all, imsi.find_all, phone.find_all):
        found += [m for m in finder(text) if not _overlaps(m, found)]
    spans = [(m.start, m.end) for m in found]
    found += vrm.find_all(text, exclude=spans)
    return sorted(found, key=lambda m: m.start)


def _overlaps(match: Match, others: list[Match]) -> bool:
    return any(match.start < o.end and o.start < match.end for o in others)
