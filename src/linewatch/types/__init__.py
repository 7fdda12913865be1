"""Value kinds, one module each, with clean / validate / compare.

``clean(type_name, raw)`` is what the store calls for every statement value: it returns the
canonical stored form or raises ValueError with a reason a user can act on.
"""

from __future__ import annotations

import importlib
import re
from datetime import date

from linewatch.model import enums

# Identifier kinds with a module of their own (linewatch.types.<name>).
IDENTIFIER_MODULES = ("phone", "vrm", "postcode", "imei", "imsi")
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


def _clean_date(raw: str) -> str:
    try:
        return date.fromisoformat(raw.strip()[:10]).isoformat()
    except ValueError:
        raise ValueError(f"{raw!r} is not a date (YYYY-MM-DD)") from None


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
        module = importlib.import_module(f"linewatch.types.{type_name}")
        value: str = module.clean(raw)
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
        return _clean_date(raw)
    if type_name == "latlon":
        return _clean_latlon(raw)
    raise ValueError(f"unknown value type {type_name!r}")
