"""Handset identities (IMEI), stored as the 15-digit IMEI with its Luhn check digit.

A handset is the same handset whatever software it runs, so an IMEISV (16 digits: TAC,
serial, two-digit software version) is stored as the IMEI of its TAC and serial. Checking and
splitting come from ``python-stdnum``.
"""

from __future__ import annotations

import re

from stdnum import imei as stdnum_imei
from stdnum import luhn

from linewatch.types.match import Match

_SEPARATORS = re.compile(r"[\s\-./]")
# 14 to 16 digits, optionally grouped ("35-209900-176148-1"), not part of a longer run.
_RUN = re.compile(r"(?<![\w/£$.,+\-])(?<!\d[ \-])\d(?:[ \-]?\d){13,15}(?![ \-]?\d)(?![\w/\-])")
_KEYWORD = re.compile(r"\bimei(?:sv)?\b\W{0,6}(?:no\.?|number)?\W{0,3}$", re.IGNORECASE)
_IMSI_KEYWORD = re.compile(r"\bimsi\b\W{0,6}(?:no\.?|number)?\W{0,3}$", re.IGNORECASE)
_UK_IMSI = re.compile(r"^23[45]")


def check_digit(first14: str) -> str:
    """The Luhn check digit that completes the 14-digit TAC and serial ``first14``."""
    if not re.fullmatch(r"\d{14}", first14):
        raise ValueError(f"{first14!r} is not the 14 digits of a TAC and serial number")
    return luhn.calc_check_digit(first14)


def _digits(raw: str) -> str:
    return _SEPARATORS.sub("", raw.strip())


def validate(raw: str) -> list[str]:
    """The problems with ``raw`` as an IMEI or IMEISV (empty if it is valid)."""
    digits = _digits(raw)
    if not digits:
        return ["an IMEI cannot be empty"]
    if not digits.isdigit() or not digits.isascii():
        return [f"{raw!r} contains characters other than digits"]
    if len(digits) not in (14, 15, 16):
        return [
            f"{raw!r} has {len(digits)} digits; an IMEI has 15 "
            "(14 without its check digit, 16 for an IMEISV)"
        ]
    if set(digits[:14]) == {"0"}:
        return [f"{raw!r} is the all-zero placeholder networks record when no IMEI was seen"]
    if len(digits) == 15 and not luhn.is_valid(digits):
        expected = check_digit(digits[:14])
        return [
            f"{raw!r} fails its check digit (the last digit should be {expected}); "
            "a digit was probably mistyped"
        ]
    return []


def clean(raw: str) -> str:
    """The 15-digit IMEI; ValueError says why ``raw`` cannot be one."""
    problems = validate(raw)
    if problems:
        raise ValueError(problems[0])
    first14 = _digits(raw)[:14]
    return first14 + check_digit(first14)


def identity(raw: str) -> str:
    """The 14 digits that identify the handset: TAC and serial number."""
    return clean(raw)[:14]


def tac(raw: str) -> str:
    """The Type Allocation Code: the make and model, shared by every handset of that model."""
    return clean(raw)[:8]


def serial(raw: str) -> str:
    """The six-digit serial number within the TAC."""
    return clean(raw)[8:14]


def is_imeisv(raw: str) -> bool:
    """True if ``raw`` is a 16-digit IMEISV rather than an IMEI."""
    return stdnum_imei.imei_type(_digits(raw)) == "IMEISV"


def display(raw: str) -> str:
    """The IMEI grouped as printed on a handset label ("35-209900-176148-1")."""
    return str(stdnum_imei.format(clean(raw)))


def compare(a: str, b: str) -> float:
    """1.0 for the same handset, else 0.0.

    Two handsets sharing a TAC are only the same model, which says nothing about identity,
    so there is no partial credit.
    """
    try:
        return 1.0 if identity(a) == identity(b) else 0.0
    except ValueError:
        return 0.0


def find_all(text: str) -> list[Match]:
    """IMEIs in free text: any 15-digit number with a valid check digit, and 14- or
    16-digit numbers written after "IMEI". Numbers after "IMSI", and UK IMSIs (234/235),
    are left to ``imsi.find_all``."""
    found = []
    for hit in _RUN.finditer(text):
        before = text[max(0, hit.start() - 20) : hit.start()]
        digits = _digits(hit.group())
        if _IMSI_KEYWORD.search(before):
            continue
        named = bool(_KEYWORD.search(before))
        if not named and (len(digits) != 15 or _UK_IMSI.match(digits)):
            continue
        try:
            value = clean(digits)
        except ValueError:
            continue
        found.append(Match("imei", hit.start(), hit.end(), hit.group(), value))
    return found
