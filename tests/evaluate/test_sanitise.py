"""Sanitisation: the reporter's details go, the subject's stay; sharing waits for it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from evaluate.conftest import LoadReports, acting
from linewatch.access import AccessDenied
from linewatch.evaluate import SanitisationError, confirm_sanitised, sanitise
from linewatch.evaluate.sanitise import cuts
from linewatch.model import Role
from linewatch.store import Store, tables


def test_the_reporters_phone_goes_and_the_subjects_stays() -> None:
    result = sanitise(
        "The lad on the bike uses 07700 900456 and the Golf is AB12 CDE. "
        "My number is 07700 900123 if you need me."
    )
    assert "07700 900456" in result.text
    assert "AB12 CDE" in result.text
    assert "07700 900123" not in result.text
    assert "[source's contact details removed]" in result.text
    assert result.removed == ["07700 900123"]


@pytest.mark.parametrize(
    "phrase",
    [
        "call me on 07700 900123",
        "Call me back on 0116 496 0123",
        "you can reach me on +44 7700 900123",
        "contact me at jane.doe@example.org",
        "my mobile number is 07700900123",
        "my email is jane.doe@example.org",
        "text me on O77OO 9OO123",
        "I'm on 07700 900123",
    ],
)
def test_contact_details_introduced_by_the_reporter_are_removed(phrase: str) -> None:
    result = sanitise(f"Cars pull up at number 4 all night. {phrase}. Thanks.")
    assert result.removed, phrase
    assert "[source's contact details removed]" in result.text
    assert "example.org" not in result.text and "900123" not in result.text.replace(" ", "")
    assert result.text.startswith("Cars pull up at number 4 all night.")
    assert result.text.endswith("Thanks.")


def test_several_contact_details_after_one_phrase_all_go() -> None:
    result = sanitise("Ring me on 07700 900123 or 0116 496 0999, or email me at a@b.co.uk.")
    assert result.removed == ["07700 900123", "0116 496 0999", "a@b.co.uk"]
    assert "a@b.co.uk" not in result.text
    assert "07700" not in result.text


def test_the_reporters_name_goes_in_any_case() -> None:
    assert sanitise("My name is Jane Smith and I saw it.").text == (
        "[source's name removed] and I saw it."
    )
    lower = sanitise("my name is jane smith, the boy was there")
    assert lower.removed == ["jane smith"]
    assert lower.text == "[source's name removed], the boy was there"


def test_first_person_phrases_that_place_the_reporter_go() -> None:
    result = sanitise(
        "I live next door at 14 Oak Road, Oakham and see them every night. "
        "I am his aunt. I work at the Co-op on the High Street."
    )
    assert result.text == (
        "[source's address removed] and see them every night. "
        "[source's relationship to the subject removed]. [source's workplace removed]."
    )
    assert "I live next door at 14 Oak Road, Oakham" in result.removed


def test_a_place_the_reporter_lives_near_is_kept_and_their_relation_to_it_goes() -> None:
    result = sanitise("Informant states I live near Flat 5, 30 Empingham Road. Lads come and go.")
    assert result.text == (
        "Informant states [source's relation to this place removed] Flat 5, 30 Empingham Road. "
        "Lads come and go."
    )
    assert result.removed == ["I live near"]
    assert "next door to number 4" not in sanitise("We live next door to number 4.").text
    assert "number 4" in sanitise("We live next door to number 4.").text
    assert not sanitise("We live in fear of them.").changed


def test_text_without_reporter_details_is_unchanged() -> None:
    text = "Text 07700 900555 for deals. Blue Corsa AB12 CDE parks outside 14 Oak Road."
    result = sanitise(text)
    assert result.text == text and not result.changed
    # A phrase with no detail after it has nothing to remove.
    assert not sanitise("Please contact me if you need more.").changed


# Pieces the sanitiser's phrases are made of, so that generated texts often form them.
_PIECES = (
    "I",
    "we",
    "my",
    "our",
    "me",
    "I'm",
    "we're",
    "I’m",
    "am",
    "are",
    "live",
    "living",
    "stay",
    "work at",
    "volunteer at",
    "employed",
    "near",
    "opposite",
    "the",
    "his",
    "her",
    "mother",
    "carer",
    "neighbour",
    "name is",
    "called",
    "call me on",
    "text",
    "ring me",
    "on",
    "or",
    "think",
    "saw",
    "07700 900123",
    "jo@example.org",
    "14 Oak Road",
    ",",
    ".",
    "Jane Smith",
    "house",
    "address is",
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map(" ".join))
def test_texts_the_quick_check_passes_over_have_nothing_to_cut(text: str) -> None:
    # sanitise skips the full pass for a text without a first-person cue; it must never skip
    # one that the full pass would cut.
    if sanitise(text).text == text:
        assert cuts(text) == [], text


def test_a_report_in_the_first_person_that_places_no_one_is_unchanged() -> None:
    text = "I think the lad is being made to carry for them. I saw a grey Corsa."
    assert not sanitise(text).changed and cuts(text) == []


def test_a_confirmed_text_may_not_put_the_reporters_details_back(
    sqlite_store: Store, load_reports: LoadReports
) -> None:
    [rid] = load_reports(sqlite_store, ("IR-1", {}))
    officer = acting(sqlite_store)
    with pytest.raises(SanitisationError, match="07700 900123"):
        confirm_sanitised(officer, rid, "Golf AB12 CDE. Reporter on 07700900123.")
    with pytest.raises(AccessDenied):
        confirm_sanitised(acting(sqlite_store, Role.ANALYST), rid, "Golf AB12 CDE.")
    with sqlite_store.connect() as conn:
        assert conn.execute(select(tables.reports.c.sanitised)).scalar_one() is False
