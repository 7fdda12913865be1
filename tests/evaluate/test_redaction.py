"""Suggested redactions: what could point to the source, each with its span and reason."""

from __future__ import annotations

import pytest

from linewatch.evaluate import apply_redactions, suggest_redactions


def _kinds(text: str) -> dict[str, str]:
    return {r.kind: r.text for r in suggest_redactions(text)}


def test_each_suggestion_names_its_span_and_reason() -> None:
    text = (
        "My neighbour at number 4 has lads calling in. I saw them from my window at 3am. "
        "My number is 07700 900123. Thanks, Jane Smith"
    )
    found = suggest_redactions(text)

    assert [(r.kind, r.text) for r in found] == [
        ("relationship", "My neighbour"),
        ("viewpoint", "from my window"),
        ("time", "at 3am"),
        ("contact", "My number is 07700 900123"),
        ("name", "Thanks, Jane Smith"),
    ]
    for r in found:
        assert text[r.start : r.end] == r.text
        assert r.reason and r.replacement and r.key == f"{r.start}-{r.end}"
    redacted = apply_redactions(text, found)
    for gone in ("neighbour", "window", "3am", "900123", "Jane"):
        assert gone not in redacted
    assert "number 4 has lads calling in" in redacted
    assert "in the early hours" in redacted


def test_a_time_stays_unless_the_reporter_says_they_were_watching() -> None:
    assert "time" not in _kinds("Cars pull up at 3am outside number 9 every night.")
    assert _kinds("I was up at 23:40 and heard a car door.")["time"] == "at 23:40"
    assert _kinds("When I am walking my dog at 6.30am I see cars.")["time"] == "at 6.30am"


@pytest.mark.parametrize(
    ("text", "kind", "phrase"),
    [
        ("I walk my dog past Stamford Road and see deals.", "routine", "I walk my dog"),
        ("On my way to work I pass the flat.", "routine", "On my way to work"),
        ("My son is 15 and keeps getting texts.", "relationship", "My son"),
        ("Our upstairs neighbour has visitors.", "relationship", "Our upstairs neighbour"),
        ("Seen out of our kitchen window.", "viewpoint", "out of our kitchen window"),
        ("I live near Cold Overton Road.", "proximity", "I live near "),
        ("I work at the Co-op on High Street.", "workplace", "I work at the Co-op on High Street"),
        ("My name is Sam Lee and I saw it.", "name", "My name is Sam Lee"),
    ],
)
def test_phrases_that_point_to_the_reporter_are_suggested(
    text: str, kind: str, phrase: str
) -> None:
    assert _kinds(text).get(kind) == phrase


def test_the_subjects_details_are_not_suggested() -> None:
    text = (
        "A silver Golf AB12 CDE drops a lad at 4 Mill Lane. He answers 07700 900456 and "
        "calls himself Jerm. The line is called Nando."
    )
    assert suggest_redactions(text) == []


def test_a_stale_suggestion_is_not_applied_to_edited_text() -> None:
    text = "My neighbour sees them."
    [suggestion] = suggest_redactions(text)
    assert apply_redactions("The tenant sees them.", [suggestion]) == "The tenant sees them."
