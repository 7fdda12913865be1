"""UK postcodes, stored upper case with one space before the inward code ("LE15 6AB").

Only the shape can be checked here (Royal Mail's rules, domain.md 7.3); whether a postcode
exists needs the PAF or ONSPD, which the ``geo`` package holds.
"""

from __future__ import annotations

import re

from linewatch.types.match import Match

# Royal Mail's shapes with their letter rules: 1st letter never Q, V, X; 2nd never I, J, Z;
# 3rd (A9A) from ABCDEFGHJKPSTUW; 4th (AA9A) from ABEHMNPRVWXY.
_OUTWARD = r"(?:[A-PR-UWYZ](?:\d{1,2}|[A-HK-Y]\d{1,2}|\d[A-HJKPSTUW]|[A-HK-Y]\d[ABEHMNPRVWXY]))"
# The inward code's letters are never C, I, K, M, O, V.
_INWARD = r"(?:\d[ABD-HJLNP-UW-Z]{2})"
_POSTCODE = re.compile(rf"^(?:GIR0AA|{_OUTWARD}{_INWARD})$")
_OUTWARD_SHAPE = re.compile(
    r"^(?:[A-Z]\d|[A-Z]\d\d|[A-Z]{2}\d|[A-Z]{2}\d\d|[A-Z]\d[A-Z]|[A-Z]{2}\d[A-Z])$"
)
_FIND = re.compile(
    rf"(?<![\w/\-])(GIR ?0AA|{_OUTWARD} ?{_INWARD})(?![\w/\-])",
    re.IGNORECASE,
)
EXAMPLE = "e.g. LE15 6AB"


def _compact(raw: str) -> str:
    return re.sub(r"\s+", "", raw.upper())


def _spaced(compact: str) -> str:
    return f"{compact[:-3]} {compact[-3:]}"


def _inward_problems(raw: str, inward: str) -> list[str]:
    if not re.fullmatch(r"\d[A-Z]{2}", inward):
        return [f"{raw!r}: the last part must be a digit and two letters ({EXAMPLE})"]
    bad = sorted(set(inward[1:]) & set("CIKMOV"))
    if bad:
        return [f"{raw!r}: the last two letters of a postcode are never {', '.join(bad)}"]
    return []


def _outward_problems(raw: str, outward: str) -> list[str]:
    if not _OUTWARD_SHAPE.match(outward):
        return [f"{raw!r}: {outward!r} is not a postcode district (like LE1, LE15, W1A, EC1A)"]
    problems = []
    if outward[0] in "QVX":
        problems.append(f"{raw!r}: a postcode never starts with Q, V or X")
    if outward[1].isalpha() and outward[1] in "IJZ":
        problems.append(f"{raw!r}: the second letter of a postcode is never I, J or Z")
    if re.fullmatch(r"[A-Z]\d[A-Z]", outward) and outward[2] not in "ABCDEFGHJKPSTUW":
        problems.append(f"{raw!r}: {outward[2]} cannot follow {outward[:2]} in a district")
    if re.fullmatch(r"[A-Z]{2}\d[A-Z]", outward) and outward[3] not in "ABEHMNPRVWXY":
        problems.append(f"{raw!r}: {outward[3]} cannot follow {outward[:3]} in a district")
    return problems


def validate(raw: str) -> list[str]:
    """The problems with ``raw`` as a postcode (empty if it is valid)."""
    compact = _compact(raw)
    if not compact:
        return ["a postcode cannot be empty"]
    if not compact.isalnum() or not compact.isascii():
        return [f"{raw!r} contains characters other than letters and digits"]
    if len(compact) < 5:
        return [f"{raw!r} is too short for a full postcode ({EXAMPLE})"]
    if len(compact) > 7:
        return [f"{raw!r} is too long for a postcode ({EXAMPLE})"]
    if _POSTCODE.match(compact):
        return []
    problems = _outward_problems(raw, compact[:-3]) + _inward_problems(raw, compact[-3:])
    return problems or [f"{raw!r} is not a valid postcode ({EXAMPLE})"]


def clean(raw: str) -> str:
    """The canonical postcode ("LE15 6AB"); ValueError says why ``raw`` cannot be one."""
    problems = validate(raw)
    if problems:
        raise ValueError(problems[0])
    return _spaced(_compact(raw))


def display(pc: str) -> str:
    """The postcode as written on an envelope (the canonical form)."""
    return clean(pc)


def outward(pc: str) -> str:
    """The outward code, or postcode district ("LE15")."""
    return clean(pc).split(" ")[0]


def inward(pc: str) -> str:
    """The inward code ("6AB")."""
    return clean(pc).split(" ")[1]


def sector(pc: str) -> str:
    """The postcode sector: the district and the inward digit ("LE15 6")."""
    return clean(pc)[:-2]


def area(pc: str) -> str:
    """The postcode area: the leading letters ("LE")."""
    found = re.match(r"[A-Z]+", clean(pc))
    assert found is not None  # every valid postcode starts with a letter
    return found.group()


def compare(a: str, b: str) -> float:
    """Similarity of two postcodes: 1.0 the same unit, 0.6 the same sector (typically one
    letter of the unit miswritten, or next door), 0.3 the same district, else 0."""
    try:
        left, right = clean(a), clean(b)
    except ValueError:
        return 1.0 if _compact(a) and _compact(a) == _compact(b) else 0.0
    if left == right:
        return 1.0
    if left[:-2] == right[:-2]:
        return 0.6
    if left.split(" ")[0] == right.split(" ")[0]:
        return 0.3
    return 0.0


def find_all(text: str) -> list[Match]:
    """Full postcodes in free text, upper or lower case, with or without the space."""
    return [
        Match("postcode", hit.start(), hit.end(), hit.group(), clean(hit.group()))
        for hit in _FIND.finditer(text)
    ]
