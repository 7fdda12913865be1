"""Partner report rows that need nothing special: checked a column at a time, written in bulk.

Most rows of a partner's file are plain: a reference, a time with its offset, the text, a
marking, perhaps a place and coordinates, no grade. ``bulk.check_partner_row`` says what a
row must be; this module applies the same rules to whole columns at once (Arrow's compute
functions, and RE2 for the sanitiser's first look) and leaves every row it is not sure of to
that row checker, which accepts it or quarantines it naming the field. A property test holds
the two ways to the same stored rows (tests/collect/test_bulk_plain.py).

A row is left to the row checker when it has: a value that is not text; a structural problem
(too many or too few values); a grade, priority, research or mentions; a reference, text or
marking that is missing, too long or written other than plainly; a time not in the form
2026-11-20T10:00:00+00:00 (or Z) between 1900 and 2999; coordinates that are not plain
decimals in range, or only one of them; an is_synthetic that is not a plain yes or no; or a
reference an earlier row of the file also has (the row checker counts it as held already).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from linewatch.collect.importer import Raw
from linewatch.collect.intake import MAX_LOCATION, MAX_SUBMITTED_BY, MAX_TEXT
from linewatch.collect.partners import MAX_REFERENCE
from linewatch.model import ACCEPTED_CLASSIFICATIONS

# Exactly what Python's str.strip() removes (the characters for which str.isspace() is true),
# so that trimming a column gives what the row checker's strip gives.
PYTHON_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
# Read by the row checker only when given: a row with any of them non-empty is not plain.
_EMPTY_WHEN_PLAIN = (
    "grading_scheme",
    "source_evaluation",
    "intelligence_assessment",
    "handling_code",
    "handling_conditions",
    "priority",
)
# Read by the row checker whenever present, even empty: a row with any of them is not plain.
_ABSENT_WHEN_PLAIN = ("mentions", "research_conducted", "_error", "_line")
_MARKINGS = frozenset(c.value for c in ACCEPTED_CLASSIFICATIONS)
_TRUE, _FALSE = ["true", "1", "yes", "y", "t"], ["false", "0", "no", "n", "f", ""]
_TIME = (
    r"^(?P<local>(?:19|2\d)\d\d-\d\d-\d\dT\d\d:\d\d:\d\d)"
    r"(?P<sign>[+-])(?P<hh>[01]\d|2[0-3]):(?P<mm>[0-5]\d)$"
)
_DECIMAL = r"^-?\d{1,3}(?:\.\d{1,15})?$"


@dataclass(frozen=True)
class PlainRows:
    """The plain rows of a file, as the columns the reports tables store."""

    positions: list[int]  # where each is in the file's rows
    references: list[str]  # their reference as the partner wrote it
    columns: dict[str, pa.Array]

    def __len__(self) -> int:
        return len(self.positions)


def _column(rows: Sequence[tuple[int, Raw]], name: str) -> tuple[pa.Array, pa.Array]:
    """A column of text as an Arrow array, and where it is text (None and strings are)."""
    values = [raw.get(name) for _, raw in rows]
    try:
        return pa.array(values, pa.string()), pa.array([True] * len(values))
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        text_only = [v if type(v) is str else None for v in values]
        is_text = [v is None or type(v) is str for v in values]
        return pa.array(text_only, pa.string()), pa.array(is_text)


def _trimmed(values: pa.Array) -> pa.Array:
    return pc.utf8_trim(values, characters=PYTHON_WHITESPACE)


def _given(values: pa.Array) -> pa.Array:
    """Trimmed, and null where nothing is left."""
    trimmed = _trimmed(values)
    empty = pc.equal(pc.utf8_length(trimmed), 0)
    return pc.if_else(empty, pa.scalar(None, pa.string()), trimmed)


def _optional_text(values: pa.Array, max_length: int) -> tuple[pa.Array, pa.Array]:
    """Trimmed, empty as null, and where it is within ``max_length`` (and has no NUL)."""
    value = _given(values)
    fits = pc.and_(
        pc.less_equal(pc.utf8_length(value), max_length),
        pc.invert(pc.match_substring(value, "\x00")),
    )
    return value, pc.fill_null(fits, True)


def _required_text(values: pa.Array, max_length: int) -> tuple[pa.Array, pa.Array]:
    value, fits = _optional_text(values, max_length)
    return value, pc.and_(fits, pc.is_valid(value))


def _times(values: pa.Array) -> tuple[pa.Array, pa.Array]:
    """UTC timestamps (null where empty), and where the text was plainly a valid time."""
    value = _given(values)
    # "Z" is the offset +00:00, written short.
    parts = pc.extract_regex(pc.replace_substring_regex(value, "Z$", "+00:00"), _TIME)
    local = pc.struct_field(parts, "local")
    naive = pc.strptime(local, format="%Y-%m-%dT%H:%M:%S", unit="s", error_is_null=True)
    # Arrow rolls 30 February over into March: a date is real only if it reads back the same.
    real = pc.fill_null(pc.equal(pc.strftime(naive, format="%Y-%m-%dT%H:%M:%S"), local), False)
    hours, minutes = (pc.cast(pc.struct_field(parts, name), pa.int64()) for name in ("hh", "mm"))
    sign = pc.if_else(pc.equal(pc.struct_field(parts, "sign"), "-"), -1, 1)
    offset_seconds = pc.multiply(sign, pc.add(pc.multiply(hours, 3600), pc.multiply(minutes, 60)))
    utc = pc.subtract(pc.cast(naive, pa.int64()), offset_seconds)
    stamp = pc.cast(pc.cast(utc, pa.timestamp("s")), pa.timestamp("s", tz="UTC"))
    return stamp, pc.or_(pc.is_null(value), real)


_Columns = dict[str, tuple[pa.Array, pa.Array]]


def _coordinates(columns: _Columns) -> tuple[pa.Array, pa.Array, pa.Array]:
    """Latitude and longitude (both null when neither is given), and where they are plain."""
    found: list[pa.Array] = []
    checks: list[pa.Array] = []
    for name, limit in (("latitude", 90), ("longitude", 180)):
        value = _given(columns[name][0])
        decimal = pc.fill_null(pc.match_substring_regex(value, _DECIMAL), False)
        number = pc.cast(pc.if_else(decimal, value, pa.scalar(None, pa.string())), pa.float64())
        in_range = pc.fill_null(pc.less_equal(pc.abs(number), limit), False)
        checks.append(pc.or_(pc.is_null(value), in_range))
        found.append(number)
    latitude, longitude = found
    checks.append(pc.equal(pc.is_null(latitude), pc.is_null(longitude)))
    return latitude, longitude, _all(checks)


def _flag(values: pa.Array) -> tuple[pa.Array, pa.Array]:
    """A plain yes or no (an absent or empty value is no), and where it was one."""
    word = pc.ascii_lower(pc.fill_null(_trimmed(values), ""))
    is_true = pc.is_in(word, pa.array(_TRUE))
    known = pc.and_(pc.string_is_ascii(word), pc.or_(is_true, pc.is_in(word, pa.array(_FALSE))))
    return is_true, known


def _marking(values: pa.Array) -> tuple[pa.Array, pa.Array]:
    """OFFICIAL or OFFICIAL-SENSITIVE in any case, and where it was plainly one of them."""
    word = pc.ascii_upper(_trimmed(values))
    known = pc.and_(pc.string_is_ascii(word), pc.is_in(word, pa.array(sorted(_MARKINGS))))
    return word, known


def _unread(rows: Sequence[tuple[int, Raw]], present: set[str]) -> list[pa.Array]:
    """Where the row has nothing the row checker reads beyond the plain columns."""
    checks: list[pa.Array] = []
    for name in present.intersection(_EMPTY_WHEN_PLAIN):
        values, is_text = _column(rows, name)
        checks.extend([is_text, pc.fill_null(pc.equal(values, ""), True)])
    for name in present.intersection(_ABSENT_WHEN_PLAIN):
        checks.append(pa.array([raw.get(name) is None for _, raw in rows]))
    return checks


def _first_of_their_reference(rows: Sequence[tuple[int, Raw]], seen: set[str | None]) -> pa.Array:
    """Where a row's reference (as the row checker reads it) is not one an earlier row of
    the file had; ``seen`` holds those of the rows before and takes these rows' too."""
    first = []
    for _, raw in rows:
        key = _reference_key(raw)
        first.append(key not in seen)
        seen.add(key)
    return pa.array(first, pa.bool_())


def _reference_key(raw: Raw) -> str | None:
    value = raw.get("reference")
    return str(value).strip() if value is not None else None


def _all(checks: Sequence[pa.Array]) -> pa.Array:
    """True where every check is (a null, for a value that could not be read, is not)."""
    result = pc.fill_null(checks[0], False)
    for check in checks[1:]:
        result = pc.and_(result, pc.fill_null(check, False))
    return result


_READ = (
    "reference",
    "text",
    "location_text",
    "submitted_by",
    "occurred_at",
    "reported_at",
    "classification",
    "latitude",
    "longitude",
    "is_synthetic",
)


def plain_rows(rows: Sequence[tuple[int, Raw]], seen: set[str | None]) -> PlainRows:
    """The rows that are plain (see the module docstring), checked. ``seen`` holds the
    references of the file's rows before these, and takes these rows' too.

    Every other row is left for ``bulk.check_partner_row``.
    """
    if not rows:
        return PlainRows([], [], {})
    present: set[str] = set().union(*(raw.keys() for _, raw in rows))
    absent = pa.nulls(len(rows), pa.string()), pa.repeat(True, len(rows))
    columns = {name: _column(rows, name) if name in present else absent for name in _READ}
    theirs, reference_ok = _required_text(columns["reference"][0], MAX_REFERENCE)
    text, text_ok = _required_text(columns["text"][0], MAX_TEXT)
    location, location_ok = _optional_text(columns["location_text"][0], MAX_LOCATION)
    submitted_by, submitted_ok = _optional_text(columns["submitted_by"][0], MAX_SUBMITTED_BY)
    occurred_at, occurred_ok = _times(columns["occurred_at"][0])
    reported_at, reported_ok = _times(columns["reported_at"][0])
    classification, marking_ok = _marking(columns["classification"][0])
    latitude, longitude, where_ok = _coordinates(columns)
    synthetic, synthetic_ok = _flag(columns["is_synthetic"][0])
    plain = _all(
        [
            # A value that is not text was read as null above: its row is not plain.
            *(is_text for _, is_text in columns.values()),
            reference_ok,
            text_ok,
            location_ok,
            submitted_ok,
            occurred_ok,
            pc.is_valid(reported_at),
            reported_ok,
            marking_ok,
            where_ok,
            synthetic_ok,
            *_unread(rows, present),
            _first_of_their_reference(rows, seen),
        ]
    )
    where = pc.indices_nonzero(plain)
    stored = {
        "text": text,
        "location_text": location,
        "submitted_by": submitted_by,
        "occurred_at": occurred_at,
        "reported_at": reported_at,
        "classification": classification,
        "latitude": latitude,
        "longitude": longitude,
        "is_synthetic": synthetic,
    }
    taken = {name: pc.take(values, where) for name, values in stored.items()}
    return PlainRows(where.to_pylist(), pc.take(theirs, where).to_pylist(), taken)
