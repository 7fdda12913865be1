"""SIM identities (IMSI), stored as their 15 digits.

An IMSI is the mobile country code (MCC), the network code (MNC, two or three digits by
country) and the subscriber number (MSIN). UK SIMs have MCC 234 or 235. The MNC length and
network names come from ``python-stdnum``'s table.
"""

from __future__ import annotations

import re

from stdnum import imsi as stdnum_imsi

from linewatch.types.match import Match

UK_MCCS = ("234", "235")
_SEPARATORS = re.compile(r"[\s\-./]")
_RUN = re.compile(r"(?<![\w/£$.,+\-])(?<!\d[ \-])\d(?:[ \-]?\d){14}(?![ \-]?\d)(?![\w/\-])")
_KEYWORD = re.compile(r"\bimsi\b\W{0,6}(?:no\.?|number)?\W{0,3}$", re.IGNORECASE)


def _digits(raw: str) -> str:
    return _SEPARATORS.sub("", raw.strip())


def validate(raw: str) -> list[str]:
    """The problems with ``raw`` as an IMSI (empty if it is valid)."""
    digits = _digits(raw)
    if not digits:
        return ["an IMSI cannot be empty"]
    if not digits.isdigit() or not digits.isascii():
        return [f"{raw!r} contains characters other than digits"]
    if len(digits) != 15:
        return [f"{raw!r} has {len(digits)} digits; an IMSI has 15"]
    if len(stdnum_imsi.split(digits)) < 3:
        return [f"{raw!r} starts with {digits[:3]}, which is not a mobile country code"]
    return []


def clean(raw: str) -> str:
    """The 15-digit IMSI; ValueError says why ``raw`` cannot be one."""
    problems = validate(raw)
    if problems:
        raise ValueError(problems[0])
    return _digits(raw)


def parts(raw: str) -> tuple[str, str, str]:
    """The IMSI's (MCC, MNC, MSIN)."""
    mcc, mnc, msin = stdnum_imsi.split(clean(raw))
    return mcc, mnc, msin


def mcc(raw: str) -> str:
    """The mobile country code ("234")."""
    return parts(raw)[0]


def mnc(raw: str) -> str:
    """The mobile network code within the country ("15")."""
    return parts(raw)[1]


def msin(raw: str) -> str:
    """The subscriber's number within the network."""
    return parts(raw)[2]


def is_uk(raw: str) -> bool:
    """True for a SIM issued on a UK network (MCC 234 or 235)."""
    return mcc(raw) in UK_MCCS


def network(raw: str) -> str | None:
    """The network's name (brand, else operator) if the table knows it."""
    info = stdnum_imsi.info(clean(raw))
    return info.get("brand") or info.get("operator") or None


def display(raw: str) -> str:
    """The IMSI as stored (there is no grouped printed form)."""
    return clean(raw)


def compare(a: str, b: str) -> float:
    """1.0 for the same SIM, else 0.0 (sharing a network says nothing about identity)."""
    try:
        return 1.0 if clean(a) == clean(b) else 0.0
    except ValueError:
        return 0.0


def find_all(text: str) -> list[Match]:
    """IMSIs in free text: 15-digit numbers written after "IMSI", and UK IMSIs (234/235
    with a known network) on their own."""
    found = []
    for hit in _RUN.finditer(text):
        digits = _digits(hit.group())
        named = bool(_KEYWORD.search(text, max(0, hit.start() - 20), hit.start()))
        if validate(digits):
            continue
        if not named and not (digits[:3] in UK_MCCS and network(digits)):
            continue
        found.append(Match("imsi", hit.start(), hit.end(), hit.group(), digits))
    return found
