"""The words that point to cuckooing or to a child being exploited."""

from __future__ import annotations

from linewatch.safeguard.indicators import CUCKOOING_TEXT, EXPLOITATION_TEXT, found


def codes(indicators: tuple, text: str) -> set[str]:  # type: ignore[type-arg]
    return {i.code for i in found(indicators, text)}


def test_cuckooing_words() -> None:
    text = (
        "Neighbour says the flat has been taken over. Young lads there, visitors at all hours, "
        "and she has not been seen for a fortnight."
    )
    assert codes(CUCKOOING_TEXT, text) == {
        "TAKEN_OVER",
        "YOUNG_STRANGERS",
        "CALLERS_AT_ALL_HOURS",
        "OCCUPANT_NOT_SEEN",
    }
    assert codes(CUCKOOING_TEXT, "I think number 4 is being cuckooed") == {"CUCKOO"}
    assert codes(CUCKOOING_TEXT, "Bins left out on the street again.") == set()
    assert found(CUCKOOING_TEXT, None) == []


def test_exploitation_words() -> None:
    text = (
        "A 15 year old from London seen running drugs for an older man; reported missing from home."
    )
    assert {"RUNNER", "CHILD_DEALING", "MISSING", "OLDER_ASSOCIATES", "TRAVEL"} <= codes(
        EXPLOITATION_TEXT, text
    )
    assert codes(EXPLOITATION_TEXT, "Parked car blocking the drive.") == set()
