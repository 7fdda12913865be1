"""Identifiers in report text: phones, registrations (whole or partly read), postcodes.

The finders of ``linewatch.types`` do the heavy lifting (every UK phone format, +44 and 0044,
the letter O typed for zero; every DVLA plate format; postcodes with or without the space).
Two rules are added for how people write what they half saw:

* a plate fragment after a vehicle word ("reg BNA", "Car used: AA69", "plate begins SXC") is
  kept as a partial plate, never completed;
* two letters and two digits written solid ("reg AB12") read as the front half of a current
  plate (memory tag and age identifier), not as the rare dateless mark "AB 12".
"""

from __future__ import annotations

import bisect
import re

from linewatch import types
from linewatch.collect.extract_items import Found
from linewatch.types.match import Match

_FIND_CONFIDENCE = {"phone": 0.95, "postcode": 0.95, "vrm": 0.9, "imei": 0.9, "imsi": 0.85}
_PARTIAL_CONFIDENCE = 0.7
_FRAGMENT_CONFIDENCE = 0.6

# A current plate's front half: a memory tag (no I, Q, Z) and an issued age identifier.
_FRONT_HALF = re.compile(r"^[A-HJ-PR-Y]{2}(?:0[2-9]|[1-9][0-9])$")
# Words and makes that look like a plate's three letters in capitals.
_NOT_FRAGMENT = frozenset(
    re.findall(
        r"\w+",
        "THE AND BUT FOR NOT YOU ARE WAS HIS HER OUT BMW VAN CAR SUV MPV GTI TDI NPT FIB DSL MDA "
        "ASB CID ANPR PNC URN CAD FYI ASAP TBC NFA RTC MOT TAX VRM REG",
    )
)
_VEHICLE_CUE = re.compile(
    r"""\b(?:
        reg(?:istration)?(?:\s+(?:no|number|mark))?
      | (?:number\s+)?plates?
      | vrm | index
      | (?:car|vehicle|van|motor|hatchback|saloon|estate\s+car)(?:\s+(?:involved|used))?
      | something\s+like
      | (?:begins|beginning|starting|starts|ending|ends)(?:\s+(?:with|in))?
      | driven\s+(?:\w+\s+){0,4}?in
    )\b(?:\s+(?:is|was|of|reads?|reading|showing))?[\s:,\-]*["'‘“]?$""",
    re.IGNORECASE | re.VERBOSE,
)
_FRAGMENT = re.compile(r"(?<![\w?*/£$\-])([A-Z]{2}[0-9]{2}|[A-Z]{3})(?![\w?*/\-])")


def _from_match(match: Match) -> Found:
    if match.partial:
        return Found(
            match.kind,
            match.start,
            match.end,
            match.text,
            None,
            _PARTIAL_CONFIDENCE,
            f"types.{match.kind}.partial",
            partial=True,
            pattern=match.value,
        )
    if match.kind == "vrm" and " " not in match.text and _FRONT_HALF.match(match.value):
        return Found(
            "vrm",
            match.start,
            match.end,
            match.text,
            None,
            _PARTIAL_CONFIDENCE,
            "vrm.front_half",
            partial=True,
            pattern=match.value + "*",
        )
    return Found(
        match.kind,
        match.start,
        match.end,
        match.text,
        match.value,
        _FIND_CONFIDENCE.get(match.kind, 0.8),
        f"types.{match.kind}",
    )


def _inside(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of ``spans`` (sorted, not overlapping each other)."""
    i = bisect.bisect_right(starts, start)
    return (i > 0 and spans[i - 1][1] > start) or (i < len(spans) and spans[i][0] < end)


def _fragments(text: str, taken: list[tuple[int, int]]) -> list[Found]:
    starts = [a for a, _ in taken]
    found = []
    for hit in _FRAGMENT.finditer(text):
        start, end = hit.span()
        fragment = hit.group()
        if fragment in _NOT_FRAGMENT or _inside(taken, starts, start, end):
            continue
        if not _VEHICLE_CUE.search(text, max(0, start - 40), start):
            continue
        if fragment[2].isdigit() and not _FRONT_HALF.match(fragment):
            continue
        pattern = fragment + "*" if fragment[2].isdigit() else "*" + fragment
        found.append(
            Found(
                "vrm",
                start,
                end,
                fragment,
                None,
                _FRAGMENT_CONFIDENCE,
                "vrm.fragment_after_vehicle_word",
                partial=True,
                pattern=pattern,
            )
        )
    return found


def identifiers(text: str) -> list[Found]:
    """Phones, registrations, postcodes, IMEIs and IMSIs in ``text``, in order."""
    found = [_from_match(m) for m in types.find_all(text)]
    found += _fragments(text, sorted((f.start, f.end) for f in found))
    return sorted(found, key=lambda f: f.start)
