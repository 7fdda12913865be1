"""Telephone numbers, stored in E.164 ("+447700900123").

Parsing and validity come from ``phonenumbers`` with Great Britain as the default region. Its
metadata marks some of Ofcom's drama ranges (07700 900xxx, 01632 960xxx, 0115 496 0xxx) as
unallocated, yet those are the only numbers synthetic data may use, so every drama range is
accepted explicitly.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

from linewatch.types.match import Match

DEFAULT_REGION = "GB"

# Ofcom's numbers reserved for drama: each row is 1,000 numbers, the national prefix plus
# three free digits.
DRAMA_RANGES: dict[str, str] = {
    "Leeds": "01134960",
    "Sheffield": "01144960",
    "Nottingham": "01154960",
    "Leicester": "01164960",
    "Bristol": "01174960",
    "Reading": "01184960",
    "Birmingham": "01214960",
    "Edinburgh": "01314960",
    "Glasgow": "01414960",
    "Liverpool": "01514960",
    "Manchester": "01614960",
    "London": "02079460",
    "Tyneside/Durham/Sunderland": "01914980",
    "Northern Ireland": "02890180",
    "Cardiff": "02920180",
    "No specific area": "01632960",
    "Mobile": "07700900",
    "Freephone": "08081570",
    "Premium rate": "09098790",
    "UK-wide (03)": "03069990",
}
_DRAMA = re.compile(
    r"^\+44(?:" + "|".join(prefix[1:] for prefix in DRAMA_RANGES.values()) + r")\d{3}$"
)

# A string made only of digits, the letter O and phone punctuation: there "O" is a zero
# typed on the wrong key ("O77OO 9OO123"), not a letter.
_PHONE_LIKE = re.compile(r"[\d\sOo+().\-/]*\d[\d\sOo+().\-/]*")
_LETTERS = re.compile(r"[A-Za-z]")

# One run of digit groups in free text. A run may hold several numbers ("0116 496 0123
# 07700 900123"); _numbers_in_run splits it. The look-behind keeps prices, references and
# dates ("£1,200", "CR/0123", "01/03/2009") from starting a run; the atomic groups keep a
# failed look-ahead from re-splitting digits, which would otherwise backtrack exponentially.
_GROUP = r"(?>\(?[0-9Oo]+\)?)"
_RUN = re.compile(
    r"(?<![\w£$€#/.,+\-])"
    r"(?:\+\s?)?" + _GROUP + r"(?:(?:[ \t.\-]{1,2}|(?<=\))|(?=\())" + _GROUP + r")*"
    r"(?![\w/£$€%])"
)
_DIGIT_GROUP = re.compile(r"[0-9Oo]+")
# Numbers right after these words are references, not phones, however they look.
_REFERENCE_CONTEXT = re.compile(
    r"(?:\b(?:ref(?:erence)?|urn|cad|crime|occurrence|exhibit|imei|imsi|serial)"
    r"|\b(?:case|log|incident|custody|job)\s+(?:no|number|ref)\b\.?)"
    r"(?:\s+(?:no|number)\b\.?)?\W{0,5}$",
    re.IGNORECASE,
)
_MAX_DIGITS = 15


def _o_for_zero(raw: str) -> str:
    return raw.replace("O", "0").replace("o", "0") if _PHONE_LIKE.fullmatch(raw) else raw


def is_drama_range(e164: str) -> bool:
    """True if ``e164`` lies in one of Ofcom's ranges reserved for drama (synthetic data)."""
    return bool(_DRAMA.match(e164))


def _parse(raw: str) -> phonenumbers.PhoneNumber:
    text = _o_for_zero(raw.strip())
    if not text:
        raise ValueError("a phone number cannot be empty")
    if _LETTERS.search(text):
        raise ValueError(f"{raw!r} contains letters; a phone number is digits, spaces and +")
    try:
        return phonenumbers.parse(text, DEFAULT_REGION)
    except NumberParseException:
        raise ValueError(f"{raw!r} is not a phone number") from None


def _length_problem(raw: str, number: phonenumbers.PhoneNumber) -> str | None:
    national = str(number.national_number)
    if number.country_code == 44:
        # UK numbers are ten digits after the leading 0; phonenumbers calls shorter ones
        # "possible" because a few short codes exist.
        if len(national) < 10:
            return f"{raw!r} is too short for a UK number (0 and ten digits, e.g. 07700 900123)"
        if len(national) > 10:
            return f"{raw!r} is too long for a UK number (0 and ten digits, e.g. 07700 900123)"
        return None
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason == ValidationResult.INVALID_COUNTRY_CODE:
        return f"{raw!r} has an unknown country code +{number.country_code}"
    if reason == ValidationResult.TOO_SHORT:
        return f"{raw!r} is too short for a number in country +{number.country_code}"
    if reason in (ValidationResult.TOO_LONG, ValidationResult.INVALID_LENGTH):
        return f"{raw!r} has the wrong number of digits for country +{number.country_code}"
    return None


def clean(raw: str) -> str:
    """The E.164 form of ``raw``; ValueError says why a number cannot be one."""
    number = _parse(raw)
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    if is_drama_range(e164) or phonenumbers.is_valid_number(number):
        return e164
    problem = _length_problem(raw, number)
    if problem:
        raise ValueError(problem)
    if number.country_code == 44:
        raise ValueError(f"{raw!r} is not in any range of UK numbers that Ofcom has allocated")
    raise ValueError(f"{raw!r} is not a valid number for country +{number.country_code}")


def validate(raw: str) -> list[str]:
    """The problems with ``raw`` as a phone number (empty if it is valid)."""
    try:
        clean(raw)
    except ValueError as error:
        return [str(error)]
    return []


def display(e164: str) -> str:
    """How a person writes the number: national for UK ("07700 900123"), else international."""
    number = _parse(e164)
    if number.country_code == 44:
        return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)


def _digits(raw: str) -> str:
    return re.sub(r"\D", "", _o_for_zero(raw))


def _one_slip_apart(a: str, b: str) -> bool:
    """One digit miswritten, or two neighbouring digits swapped."""
    if len(a) != len(b):
        return False
    diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diffs) == 1:
        return True
    return (
        len(diffs) == 2
        and diffs[1] == diffs[0] + 1
        and a[diffs[0]] == b[diffs[1]]
        and (a[diffs[1]] == b[diffs[0]])
    )


def compare(a: str, b: str) -> float:
    """Similarity of two numbers: 1.0 for the same number however written.

    A number copied down from a sighting or a note is often one digit out; such pairs score
    0.5, enough to show for review, never enough to link on their own.
    """
    try:
        left, right = clean(a), clean(b)
    except ValueError:
        left, right = _digits(a), _digits(b)
        if not left or not right:
            return 0.0
    if left == right:
        return 1.0
    return 0.5 if _one_slip_apart(left, right) else 0.0


def _candidate(groups: list[str], leading_plus: bool) -> str | None:
    digits = "".join(groups).replace("O", "0").replace("o", "0")
    if leading_plus:
        digits = "+" + digits
    elif digits.startswith("00"):
        digits = "+" + digits[2:]
    elif not digits.startswith("0"):
        # A bare run not starting 0 or + is a count, a reference or a year, not a phone.
        return None
    if digits.startswith("+440"):
        digits = "+44" + digits[4:]  # the written-out trunk zero of "+44 (0)7700 ..."
    if len(digits.lstrip("+")) > _MAX_DIGITS or len(digits.lstrip("+")) < 9:
        return None
    return _clean_or_none(digits)


@lru_cache(maxsize=8192)
def _clean_or_none(digits: str) -> str | None:
    # Deal-line numbers recur across thousands of messages; parsing each once is enough.
    try:
        return clean(digits)
    except ValueError:
        return None


def _numbers_in_run(text: str, run: re.Match[str]) -> list[Match]:
    groups = list(_DIGIT_GROUP.finditer(text, run.start(), run.end()))
    if not any(any(c.isdigit() for c in g.group()) for g in groups):
        return []
    found: list[Match] = []
    i = 0
    while i < len(groups):
        best: tuple[int, str] | None = None
        for j in range(i, len(groups)):
            parts = [g.group() for g in groups[i : j + 1]]
            if sum(len(p) for p in parts) > _MAX_DIGITS + 2:
                break
            value = _candidate(parts, leading_plus=i == 0 and run.group().startswith("+"))
            if value:
                best = (j, value)
        if best is None:
            i += 1
            continue
        j, value = best
        start = run.start() if i == 0 else groups[i].start()
        if text[start] != "+" and start > 0 and text[start - 1] == "(":
            start -= 1
        end = groups[j].end()
        if end < len(text) and text[end] == ")":
            end += 1
        found.append(Match("phone", start, end, text[start:end], value))
        i = j + 1
    return found


def find_all(text: str) -> list[Match]:
    """Phone numbers written in free text, in order, each with its E.164 value.

    Finds UK numbers however spaced or punctuated, with +44, 0044 or "+44 (0)", with the
    letter O typed for zero, and international numbers written with "+". Numbers that follow
    a reference word ("crime ref", "URN", "IMEI") are left alone.
    """
    found: list[Match] = []
    for run in _RUN.finditer(text):
        if _REFERENCE_CONTEXT.search(text, max(0, run.start() - 30), run.start()):
            continue
        found.extend(_numbers_in_run(text, run))
    return found
