"""The package-level entry points: clean / validate / compare by type name, and one finder
for every identifier in a piece of free text."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linewatch import types
from linewatch.types import Match


@pytest.mark.parametrize(
    ("type_name", "raw", "clean"),
    [
        ("phone", "07700 900123", "+447700900123"),
        ("vrm", "ab12 cde", "AB12CDE"),
        ("postcode", "le15 6ab", "LE15 6AB"),
        ("imei", "35209900176148", "352099001761481"),
        ("imsi", "234 15 0999999999", "234150999999999"),
        ("date", "1 March 2009", "2009-03-01"),
        ("date", "01/03/2009", "2009-03-01"),
        ("date", "2026-03-01T21:15:00+00:00", "2026-03-01"),
        ("name", "  Jay   Smith ", "Jay Smith"),
        ("number", "17.0", "17"),
    ],
)
def test_clean_dispatches_by_type(type_name: str, raw: str, clean: str) -> None:
    assert types.clean(type_name, raw) == clean
    assert types.validate(type_name, raw) == []


@pytest.mark.parametrize(
    ("type_name", "raw", "reason"),
    [
        ("phone", "07700 9001", "too short for a UK number"),
        ("vrm", "IB12 CDE", "memory tag"),
        ("postcode", "QE1 1AA", "never starts with Q"),
        ("imei", "352099001761482", "check digit"),
        ("imsi", "2341509999", "has 10 digits"),
        ("date", "01/03/09", "year in full"),
        ("colour", "red", "unknown value type"),
    ],
)
def test_invalid_values_carry_the_module_reason(type_name: str, raw: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        types.clean(type_name, raw)
    assert reason in types.validate(type_name, raw)[0]


def test_compare_dispatches_by_type() -> None:
    assert types.compare("vrm", "AB12CDE", "A812 CDE") == pytest.approx(0.9)
    assert types.compare("phone", "07700 900123", "+447700900123") == 1.0
    assert types.compare("postcode", "LE15 6AB", "LE15 6AD") == 0.6
    assert types.compare("date", "1 March 2009", "2009-03-01") == 1.0
    assert types.compare("date", "1 March 2009", "2009-03-02") == 0.0
    assert types.compare("date", "nonsense", "nonsense") == 0.0


def test_find_all_finds_every_kind_without_overlaps() -> None:
    text = (
        "Runner on 07700 900123 got into AB12 CDE outside LE15 6AB at 21:15 on 01/03/2026. "
        "Handset IMEI 35-209900-176148-1, SIM IMSI 234150999999999. Second car partial plate "
        "CD2? ?FG; crime ref 0116 496 0123."
    )
    found = types.find_all(text)
    assert [(m.kind, m.value, m.partial) for m in found] == [
        ("phone", "+447700900123", False),
        ("vrm", "AB12CDE", False),
        ("postcode", "LE15 6AB", False),
        ("imei", "352099001761481", False),
        ("imsi", "234150999999999", False),
        ("vrm", "CD2??FG", True),
    ]
    for match in found:
        assert isinstance(match, Match)
        assert text[match.start : match.end] == match.text
    spans = sorted((m.start, m.end) for m in found)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))


def test_find_all_on_text_without_identifiers() -> None:
    assert types.find_all("Nothing to see: 3 lads, £20 bags, 10 pm, ref LE/123/26.") == []


@given(st.text(alphabet="0123456789 Oo+()-./,:ABCDELQZ?*£\n", max_size=80))
def test_find_all_never_fails_and_spans_match_the_text(text: str) -> None:
    for match in types.find_all(text):
        assert text[match.start : match.end] == match.text
        if not match.partial:
            assert types.clean(match.kind, match.text) == match.value
