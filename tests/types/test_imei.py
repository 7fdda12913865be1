"""IMEIs: Luhn check digit, 14/15/16-digit forms, parts, free-text finding."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linewatch.types import imei

# 490154203237518 is the usual worked example of the IMEI check digit: doubling every second
# digit of 49015420323751 gives digit sums totalling 52, and 8 makes it a multiple of 10.
KNOWN = [
    ("49015420323751", "8"),
    ("35209900176148", "1"),
    ("35693803564380", "9"),
    ("01234567890123", "7"),
]


@pytest.mark.parametrize(("first14", "digit"), KNOWN)
def test_check_digit(first14: str, digit: str) -> None:
    assert imei.check_digit(first14) == digit


@pytest.mark.parametrize("bad", ["1234567890123", "123456789012345", "3520990017614A", ""])
def test_check_digit_needs_fourteen_digits(bad: str) -> None:
    with pytest.raises(ValueError, match="14 digits"):
        imei.check_digit(bad)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("490154203237518", "490154203237518"),
        ("49-015420-323751-8", "490154203237518"),
        ("49 015420 323751 8", "490154203237518"),
        ("49015420323751", "490154203237518"),  # check digit computed
        ("4901542032375123", "490154203237518"),  # IMEISV, software version 23
        ("35-209900-176148-1", "352099001761481"),
        ("35209900/176148/1", "352099001761481"),
    ],
)
def test_clean(raw: str, clean: str) -> None:
    assert imei.clean(raw) == clean
    assert imei.validate(raw) == []


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("490154203237519", "last digit should be 8"),
        ("490154203237581", "fails its check digit"),  # neighbours swapped
        ("4901542032375", "has 13 digits"),
        ("49015420323751234", "has 17 digits"),
        ("49015420323751X", "characters other than digits"),
        ("000000000000000", "all-zero placeholder"),
        ("00000000000000", "all-zero placeholder"),
        ("", "cannot be empty"),
    ],
)
def test_invalid(raw: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        imei.clean(raw)


def test_parts_and_display() -> None:
    assert imei.tac("35-209900-176148-1") == "35209900"
    assert imei.serial("352099001761481") == "176148"
    assert imei.identity("3520990017614823") == "35209900176148"
    assert imei.display("35209900176148") == "35-209900-176148-1"
    assert imei.is_imeisv("3520990017614823")
    assert not imei.is_imeisv("352099001761481")


def test_compare() -> None:
    assert imei.compare("352099001761481", "35-209900-176148-1") == 1.0
    assert imei.compare("352099001761481", "3520990017614823") == 1.0  # IMEISV of the same
    assert imei.compare("352099001761481", "35209900176149") == 0.0  # same model, other handset
    assert imei.compare("352099001761481", "not an imei") == 0.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("handset IMEI 35-209900-176148-1 seized", ["352099001761481"]),
        ("imei: 35209900176148 (no check digit)", ["352099001761481"]),
        ("IMEISV 3520990017614823", ["352099001761481"]),
        ("phone 490154203237518 and 352099001761481", ["490154203237518", "352099001761481"]),
    ],
)
def test_find_all(text: str, expected: list[str]) -> None:
    assert [m.value for m in imei.find_all(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "490154203237519 fails Luhn",
        "35209900176148 has no keyword",
        "IMSI 234150999999999",
        "234150999999999",
        "07700 900123 0116 496 0123",
        "ref 1234567890123456789",
        "£352099001761481",
    ],
)
def test_find_all_ignores_near_misses(text: str) -> None:
    assert imei.find_all(text) == []


fourteen = st.from_regex(r"\A[0-9]{14}\Z").filter(lambda s: set(s) != {"0"})


@given(fourteen)
def test_any_fourteen_digits_complete_to_a_valid_imei(first14: str) -> None:
    full = imei.clean(first14)
    assert full[:14] == first14 and len(full) == 15
    assert imei.validate(full) == []
    assert imei.clean(imei.display(full)) == full


@given(fourteen, st.integers(0, 14), st.integers(1, 9))
def test_luhn_catches_every_single_digit_error(first14: str, position: int, shift: int) -> None:
    full = imei.clean(first14)
    wrong = full[:position] + str((int(full[position]) + shift) % 10) + full[position + 1 :]
    assert imei.validate(wrong)
