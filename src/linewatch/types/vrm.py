"""Vehicle registration marks, stored as ANPR reads them: upper case, no spaces ("AB12CDE").

The formats and letter rules are DVLA's (domain.md 7.2). Matching tolerates the characters
ANPR cameras and witnesses confuse (O/0, I/1, B/8, S/5 ...), because a misread plate is the
usual reason two records of one vehicle disagree.
"""

from __future__ import annotations

import re
from datetime import date

from linewatch.types.match import Match

# Each format as (name, pattern over the compact mark); the first that fits names the format.
# Current marks: memory tag without I, Q, Z; random letters without I, Q. "00" is September
# 2050, the last issue before the scheme ends in February 2051.
_CURRENT = re.compile(r"^([A-HJ-PR-Y]{2})(0[02-9]|[1-9][0-9])([A-HJ-PR-Z]{3})$")
_FORMATS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("current", _CURRENT),
    ("prefix", re.compile(r"^([A-HJ-NPR-TV-Y])([1-9]\d{0,2})([A-Z]{3})$")),
    ("suffix", re.compile(r"^([A-Z]{3})([1-9]\d{0,2})([A-HJ-NPR-TV-Y])$")),
    # Q plates mark a vehicle whose age or identity is uncertain (kit cars, rebuilt wrecks).
    ("q_plate", re.compile(r"^(Q)([1-9]\d{0,2})([A-Z]{3})$")),
    # Northern Ireland marks carry I or Z in their letters, which GB dateless marks never do.
    ("northern_ireland", re.compile(r"^((?=[A-Z]*[IZ])[A-PR-Z]{1,3})([1-9]\d{0,3})$")),
    (
        "dateless",
        re.compile(r"^([A-HJ-PR-Y]{1,3})([1-9]\d{0,3})$|^([1-9]\d{0,3})([A-HJ-PR-Y]{1,3})$"),
    ),
)
FORMATS = tuple(name for name, _ in _FORMATS)
FORMAT_PATTERNS = _FORMATS
_NOT_MARK = re.compile(r"[^A-Z0-9]")
_CURRENT_SHAPE = re.compile(r"^([A-Z]{2})(\d{2})([A-Z]{3})$")

# Characters that read alike on a plate, in both directions; a swap between them is a
# misread rather than a different vehicle.
_CONFUSABLE = {frozenset(pair) for pair in ("O0", "D0", "Q0", "I1", "B8", "S5", "Z2", "G6")}
_MISREAD_COST = 0.2


def compact(raw: str) -> str:
    """``raw`` upper-cased with spaces and punctuation removed, as ANPR normalises a read."""
    return _NOT_MARK.sub("", raw.upper())


def age_identifier_issued(age_id: str) -> date:
    """The day marks with two-digit ``age_id`` were first issued (1 March or 1 September)."""
    number = int(age_id)
    if number == 0:
        return date(2050, 9, 1)
    if number <= 50:
        return date(2000 + number, 3, 1)
    return date(2000 + number - 50, 9, 1)


def _current_problems(mark: str, raw: str, today: date) -> list[str]:
    shape = _CURRENT_SHAPE.match(mark)
    if shape is None:
        return []
    tag, age_id, letters = shape.groups()
    problems = []
    if re.search(r"[IQZ]", tag):
        problems.append(f"{raw!r}: the memory tag {tag} cannot contain I, Q or Z")
    if re.search(r"[IQ]", letters):
        problems.append(f"{raw!r}: the last three letters {letters} cannot contain I or Q")
    if age_id == "01":
        problems.append(f"{raw!r}: age identifier 01 was never issued (the scheme began with 51)")
    elif age_identifier_issued(age_id) > today:
        issued = age_identifier_issued(age_id)
        problems.append(f"{raw!r}: age identifier {age_id} is not issued until {issued:%B %Y}")
    return problems


def validate(raw: str, *, today: date | None = None) -> list[str]:
    """The problems with ``raw`` as a registration mark (empty if it is valid)."""
    mark = compact(raw)
    if not mark:
        return ["a registration mark cannot be empty"]
    problems = _current_problems(mark, raw, today or date.today())
    if problems:
        return problems
    if any(pattern.match(mark) for _, pattern in _FORMATS):
        return []
    if len(mark) > 7:
        return [f"{raw!r} is too long for a registration mark (at most 7 characters)"]
    return [
        f"{raw!r} does not fit any UK registration format "
        "(e.g. AB12 CDE, A123 BCD, ABC 123D, AB 1234)"
    ]


def clean(raw: str, *, today: date | None = None) -> str:
    """The compact mark ("AB12CDE"); ValueError says why ``raw`` cannot be one."""
    problems = validate(raw, today=today)
    if problems:
        raise ValueError(problems[0])
    return compact(raw)


def format_of(vrm: str, *, today: date | None = None) -> str:
    """Which format a mark is in: one of ``FORMATS``."""
    mark = clean(vrm, today=today)
    return next(name for name, pattern in _FORMATS if pattern.match(mark))


def display(vrm: str) -> str:
    """The mark as printed on a plate, with its space ("AB12 CDE", "A123 BCD", "AB 1234")."""
    mark = clean(vrm)
    for name, pattern in _FORMATS:
        found = pattern.match(mark)
        if found is None:
            continue
        parts = [part for part in found.groups() if part]
        if name == "suffix":
            return f"{parts[0]} {parts[1]}{parts[2]}"
        if name in ("current", "prefix", "q_plate"):
            return f"{parts[0]}{parts[1]} {parts[2]}"
        return " ".join(parts)
    raise AssertionError(f"clean() accepted {vrm!r} without a format")


def age_identifier_date(vrm: str) -> date | None:
    """When a current-format mark was first issuable; None for marks of other formats."""
    found = _CURRENT.match(clean(vrm))
    return age_identifier_issued(found.group(2)) if found else None


def _substitution_cost(x: str, y: str) -> float:
    if x == y:
        return 0.0
    return _MISREAD_COST if frozenset((x, y)) in _CONFUSABLE else 1.0


def _distance(a: str, b: str) -> float:
    """Edit distance where a confusable misread costs a fifth of a real difference."""
    previous = [float(j) for j in range(len(b) + 1)]
    for i, x in enumerate(a, start=1):
        current = [float(i)]
        for j, y in enumerate(b, start=1):
            current.append(
                min(
                    previous[j] + 1.0,
                    current[j - 1] + 1.0,
                    previous[j - 1] + _substitution_cost(x, y),
                )
            )
        previous = current
    return previous[-1]


def compare(a: str, b: str) -> float:
    """Similarity of two marks as read: 1.0 when equal after normalising.

    Each confusable misread (O/0, I/1, B/8, S/5, D/0, Q/0, Z/2, G/6) takes 0.1 off; any
    other wrong, missing or extra character takes 0.5, so two real differences score 0.
    """
    left, right = compact(a), compact(b)
    if not left or not right:
        return 0.0
    return max(0.0, 1.0 - _distance(left, right) / 2)


def find_all(
    text: str, *, exclude: list[tuple[int, int]] | None = None, today: date | None = None
) -> list[Match]:
    """Registration marks in free text, in order.

    Current, prefix, suffix and Q marks are found on their own (all but current ones only
    when written in capitals); dateless and Northern Ireland marks only after a word such as
    "reg" or "plate", since roads (A1, M6) and postcode districts share their shape. A
    partial plate ("AB12 C??", "partial plate AB12", "reg ending CDE") comes back with
    ``partial=True`` and is never completed into a full mark. Spans in ``exclude`` (for
    example postcodes already found) are skipped; ``today`` dates the age identifier check.
    """
    from linewatch.types import vrm_text  # the finder builds on this module's rules

    return vrm_text.find_all(text, exclude=exclude, today=today)
