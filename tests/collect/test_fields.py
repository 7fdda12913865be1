"""Reading single fields: the rules every importer shares."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from linewatch.collect import Refused, fields
from linewatch.store import RowError


def test_a_timestamp_needs_an_offset_and_is_returned_in_utc() -> None:
    value = fields.timestamp({"at": "2026-03-01T21:15:00+01:00"}, "at")
    assert value == datetime(2026, 3, 1, 20, 15, tzinfo=UTC)
    assert fields.timestamp({"at": "2026-03-01T21:15:00Z"}, "at") == datetime(
        2026, 3, 1, 21, 15, tzinfo=UTC
    )
    with pytest.raises(RowError, match="no UTC offset") as caught:
        fields.timestamp({"at": "2026-03-01T21:15:00"}, "at")
    assert caught.value.field_name == "at"
    assert fields.timestamp({"at": None}, "at") is None


@pytest.mark.parametrize("marking", ["SECRET", "TOP SECRET", "secret", "SECRET / OFFICIAL"])
def test_secret_markings_are_refused(marking: str) -> None:
    with pytest.raises(Refused):
        fields.classification({"classification": marking})


def test_accepted_markings() -> None:
    assert fields.classification({"classification": "official"}) == "OFFICIAL"
    assert fields.classification({"classification": "OFFICIAL-SENSITIVE"}) == "OFFICIAL-SENSITIVE"
    with pytest.raises(RowError, match="not a GSC marking"):
        fields.classification({"classification": "PROTECT"})
    with pytest.raises(RowError, match="required"):
        fields.classification({})


def test_coordinates_come_in_pairs_within_range() -> None:
    assert fields.coordinates({"latitude": "52.6", "longitude": -0.7}) == (52.6, -0.7)
    assert fields.coordinates({"latitude": None, "longitude": ""}) is None
    with pytest.raises(RowError) as caught:
        fields.coordinates({"latitude": 52.6, "longitude": None})
    assert caught.value.field_name == "longitude"
    with pytest.raises(RowError):
        fields.coordinates({"latitude": 52.6, "longitude": 181})
    with pytest.raises(RowError):
        fields.coordinates({"latitude": "nan", "longitude": 1})


def test_text_length_and_flags() -> None:
    with pytest.raises(RowError, match="at most 3"):
        fields.text({"ref": "ABCD"}, "ref", max_length=3)
    assert fields.flag({"x": "TRUE"}, "x") is True
    assert fields.flag({}, "x") is False
    with pytest.raises(RowError):
        fields.flag({"x": "maybe"}, "x")
    assert fields.codes({"v": "a; b;;"}, "v") == ["A", "B"]
