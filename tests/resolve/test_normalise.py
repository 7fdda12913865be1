"""Comparison keys for names and address lines."""

from __future__ import annotations

import pytest

from linewatch.resolve.normalise import address_line_key, name_key


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("John Smith", "SMITH, John"),
        ("Jayden O'Neill", "jayden oneill"),
        ("Zoë  Brontë", "Zoe Bronte"),
        ("Mary-Ann Lee", "Lee Mary Ann"),
        ("Miss Holly Gray", "GRAY, Holly"),
    ],
)
def test_names_written_differently_share_a_key(left: str, right: str) -> None:
    assert name_key(left) == name_key(right)


@pytest.mark.parametrize(
    ("left", "right"),
    [("Jon Smith", "John Smith"), ("Gray, H.", "Holly Gray"), ("Amir Lee Hussain", "Amir Hussain")],
)
def test_names_that_differ_in_more_than_form_do_not(left: str, right: str) -> None:
    assert name_key(left) != name_key(right)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("12 Mill Street, Oakham", "12 mill st"),
        ("12 Mill Road, Oakham, LE15 6EA", "12 Mill Rd"),
        ("Flat 2, 12 Mill Street, Oakham", "flat 2, 12 Mill St"),
        ("3, Vale Close", "3 Vale Cl, Uppingham"),
    ],
)
def test_first_lines_written_differently_share_a_key(left: str, right: str) -> None:
    assert address_line_key(left) == address_line_key(right)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("12 Mill Street", "14 Mill Street"),
        ("Flat 2, 12 Mill Street", "Flat 3, 12 Mill Street"),
        ("Flat 2, 12 Mill Street", "Flat 2, 14 Mill Street"),
        ("St Johns Road", "Street Johns Road"),
    ],
)
def test_different_first_lines_do_not(left: str, right: str) -> None:
    assert address_line_key(left) != address_line_key(right)


def test_an_empty_address_has_an_empty_key() -> None:
    assert address_line_key(" , ") == ""
