"""IMSIs: 15 digits, MCC/MNC/MSIN parts, UK networks, free-text finding."""

from __future__ import annotations

import pytest

from linewatch.types import imsi


@pytest.mark.parametrize(
    ("raw", "clean", "parts", "uk"),
    [
        ("234150999999999", "234150999999999", ("234", "15", "0999999999"), True),
        ("234 15 0999999999", "234150999999999", ("234", "15", "0999999999"), True),
        ("235940000000001", "235940000000001", ("235", "94", "0000000001"), True),
        ("310150123456789", "310150123456789", ("310", "150", "123456789"), False),
        ("208-01-1234567890", "208011234567890", ("208", "01", "1234567890"), False),
    ],
)
def test_clean_and_parts(raw: str, clean: str, parts: tuple[str, str, str], uk: bool) -> None:
    assert imsi.clean(raw) == clean
    assert imsi.parts(raw) == parts
    assert (imsi.mcc(raw), imsi.mnc(raw), imsi.msin(raw)) == parts
    assert imsi.is_uk(raw) is uk
    assert imsi.display(raw) == clean


def test_network_names_come_from_the_table() -> None:
    assert imsi.network("234150999999999") == "Vodafone UK"
    assert imsi.network("234990000000000") is None  # an MNC the table does not know


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("23415099999999", "has 14 digits"),
        ("2341509999999999", "has 16 digits"),
        ("23415099999999X", "characters other than digits"),
        ("439011234567890", "439, which is not a mobile country code"),
        ("", "cannot be empty"),
    ],
)
def test_invalid(raw: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        imsi.clean(raw)
    assert imsi.validate(raw)


def test_compare() -> None:
    assert imsi.compare("234150999999999", "234 15 0999999999") == 1.0
    assert imsi.compare("234150999999999", "234150999999998") == 0.0
    assert imsi.compare("234150999999999", "nonsense") == 0.0


def test_find_all() -> None:
    text = "SIM 234150999999999; IMSI: 310150123456789; also 234 15 0999999998."
    assert [m.value for m in imsi.find_all(text)] == [
        "234150999999999",
        "310150123456789",
        "234150999999998",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "310150123456789 is not UK and has no keyword",
        "234990000000000 unknown UK network, no keyword",
        "IMSI 23415099999999",
        "07700 900123",
        "IMEI 352099001761481",
    ],
)
def test_find_all_ignores_near_misses(text: str) -> None:
    assert imsi.find_all(text) == []
