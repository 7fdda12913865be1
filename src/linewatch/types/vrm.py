"""Vehicle registration marks, stored as ANPR reads them: upper case, no spaces ("AB12CDE").

The formats and letter rules are DVLA's (domain.md 7.2). Matching tolerates the characters
ANPR cameras and witnesses confuse (O/0, I/1, B/8, S/5 ...), because a misread plate is the
usual reason two records of one vehicle disagree.
"""

from __future__ import annotations

import re
from datetime import date

from linewatch.types import postcode
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


# Free text. A token is a run of letters, digits and the placeholders ? and * that a
# partly read plate is written with ("AB12 C??").
_TOKEN = re.compile(r"(?<![\w?*/£$\-])[A-Za-z0-9?*]+(?![\w?*/\-])")
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


def _full_or_placeholder(
    text: str, tokens: list[re.Match[str]], i: int, today: date | None
) -> Match | None:
    # Try the token with its neighbour (a mark written with its space) before it alone.
    gap = text[tokens[i].end() : tokens[i + 1].start()] if i + 1 < len(tokens) else ""
    spans = [(i, i + 1), (i, i)] if gap == " " else [(i, i)]
    for first, last in spans:
        start, end = tokens[first].start(), tokens[last].end()
        written = text[start:end]
        mark = written.upper().replace(" ", "")  # tokens hold only letters, digits, ? and *
        if "?" in mark or "*" in mark:
            if _PARTIAL_CURRENT.match(mark.replace("*", "?")):
                return Match("vrm", start, end, written, mark.replace("*", "?"), True)
            continue
        if validate(mark, today=today):
            continue
        name = format_of(mark, today=today)
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
    """Registration marks in free text, in order.

    Current, prefix, suffix and Q marks are found on their own (all but current ones only
    when written in capitals); dateless and Northern Ireland marks only after a word such as
    "reg" or "plate", since roads (A1, M6) and postcode districts share their shape. A
    partial plate ("AB12 C??", "partial plate AB12", "reg ending CDE") comes back with
    ``partial=True`` and is never completed into a full mark. Spans in ``exclude`` (for
    example postcodes already found) are skipped; ``today`` dates the age identifier check.
    """
    # A postcode's halves look like dateless marks ("LE15", "6AB").
    taken = list(exclude or []) + [(m.start, m.end) for m in postcode.find_all(text)]
    found = [m for m in _partials(text) if not _overlaps(m.start, m.end, taken)]
    taken += [(m.start, m.end) for m in found]
    tokens = list(_TOKEN.finditer(text))
    i = 0
    while i < len(tokens):
        match = _full_or_placeholder(text, tokens, i, today)
        if match and not _overlaps(match.start, match.end, taken):
            found.append(match)
            taken.append((match.start, match.end))
            i += 2 if " " in match.text else 1
        else:
            i += 1
    return sorted(found, key=lambda m: m.start)


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in spans)
