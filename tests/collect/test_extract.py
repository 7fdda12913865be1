"""Free-text extraction: identifiers, places, people, lines and indicators in report text."""

from __future__ import annotations

import pytest

from linewatch.collect import Extraction, Found, clean_value, extract


def _values(extraction: Extraction, kind: str) -> list[str | None]:
    return [item.value for item in extraction.of(kind)]


def _only(extraction: Extraction, kind: str) -> Found:
    items = extraction.of(kind)
    assert len(items) == 1, items
    return items[0]


# ---- phones ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "07700 900123",
        "07700900123",
        "07700 900 123",
        "07700-900-123",
        "(07700) 900123",
        "0770 090 0123",
        "+44 7700 900123",
        "+447700900123",
        "+44 (0)7700 900123",
        "0044 7700 900 123",
        "O77OO 9OO123",
        "O77OO9OO123",
    ],
)
def test_a_mobile_is_found_however_it_is_written(written: str) -> None:
    text = f"Keeps getting texts from {written} most evenings."
    phone = _only(extract(text), "phone")

    assert phone.value == "+447700900123"
    assert phone.text == written
    assert text[phone.start : phone.end] == written
    assert phone.rule == "types.phone"


def test_landlines_and_two_numbers_in_a_row_are_each_found() -> None:
    text = "Call (0116) 496 0123 or 01632 960 456, and the mobile 07700 900999."

    assert _values(extract(text), "phone") == ["+441164960123", "+441632960456", "+447700900999"]


def test_prices_references_and_times_are_not_phones() -> None:
    text = "£1150 in cash at 21:15, crime ref 07700900123, seen 01/03/2026, 3 phones."

    assert extract(text).phones == []


# ---- vehicle registrations -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("FN19 KXA", "FN19KXA"),
        ("fn19 kxa", "FN19KXA"),
        ("FN19KXA", "FN19KXA"),
        ("A123 BCD", "A123BCD"),
        ("ABC 123D", "ABC123D"),
    ],
)
def test_whole_plates_of_each_dated_format_are_found(written: str, value: str) -> None:
    vrm = _only(extract(f"A grey Golf, {written}, parked up outside."), "vrm")

    assert (vrm.value, vrm.partial, vrm.text) == (value, False, written)


def test_a_dateless_plate_needs_a_vehicle_word() -> None:
    assert _values(extract("Drove off in a Range Rover, reg AB 1234."), "vrm") == ["AB1234"]
    assert extract("He was on the A1 then the M6.").vrms == []


@pytest.mark.parametrize(
    ("text", "fragment", "pattern"),
    [
        ("I got part of the plate: BD08.", "BD08", "BD08*"),
        ("A car keeps dropping them off, reg BNA.", "BNA", "*BNA"),
        ("Car used: AA69, always parked up.", "AA69", "AA69*"),
        ("Same vehicle each time, plate begins FP69.", "FP69", "FP69*"),
        ("Grey hatchback, registration something like STK.", "STK", "*STK"),
        ("reg AB12 seen twice", "AB12", "AB12*"),
        ("a partial plate of AB12 C??", "AB12 C??", "AB12C??"),
        ("reg ending KXA", "KXA", "*KXA"),
    ],
)
def test_part_of_a_plate_is_kept_partial_and_never_completed(
    text: str, fragment: str, pattern: str
) -> None:
    vrm = _only(extract(text), "vrm")

    assert vrm.partial
    assert vrm.value is None
    assert vrm.text == fragment
    assert vrm.pattern == pattern


def test_capital_words_after_a_vehicle_word_are_not_fragments() -> None:
    assert extract("The car was a BMW, the van was THE one.").vrms == []


# ---- postcodes, addresses and places -----------------------------------------------------------


def test_postcodes_with_and_without_the_space() -> None:
    text = "Flat at LE15 6HP, moved from le156hq last year."

    assert _values(extract(text), "postcode") == ["LE15 6HP", "LE15 6HQ"]


@pytest.mark.parametrize(
    "address",
    [
        "14 Station Road",
        "Flat 3, 12 Cricket Lawns",
        "Queen Street",
        "High Street East",
        "Catmose Park Road",
        "King Edward's Way",
        "Northgate",
        "The Leas",
    ],
)
def test_street_addresses_are_found_whole(address: str) -> None:
    found = _only(extract(f"Visitors at {address} all hours."), "address")

    assert found.text == address


def test_a_street_named_after_a_town_is_an_address_not_the_town() -> None:
    extraction = extract("Dealing near Leicester Road and Stamford Road in Uppingham.")

    assert [a.text for a in extraction.addresses] == ["Leicester Road", "Stamford Road"]
    assert _values(extraction, "place") == ["Uppingham"]


def test_roads_landmarks_and_estates_are_addresses() -> None:
    text = "Stopped on the A606 near the Rec; they hang round the Barleythorpe estate."

    assert [a.text for a in extract(text).addresses] == [
        "A606",
        "the Rec",
        "the Barleythorpe estate",
    ]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Runners come up from Leicester.", "Leicester"),
        ("Seen in Melton Mowbray and", "Melton Mowbray"),
        ("a lad from Corby", "Corby"),
        ("living in oakham now", "Oakham"),
        ("moved to Edith Weston", "Edith Weston"),
        ("a flat in Wing", "Wing"),
    ],
)
def test_places_in_rutland_and_round_it(text: str, place: str) -> None:
    assert _values(extract(text), "place") == [place]


def test_a_place_that_is_also_a_word_needs_a_cue() -> None:
    assert extract("Wing mirror smashed. Brooke was there.").places == []


# ---- people, street names and lines -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "name"),
    [
        ("One of the lads is called Kaz, he has a city accent.", "street_name", "Kaz"),
        ("A male known as Little J runs it.", "street_name", "Little J"),
        ("Other pupils say he goes by Mikey G now.", "street_name", "Mikey G"),
        ("I heard them call one of them Jayden Smith.", "person", "Jayden Smith"),
        ("Driver gave his name as Darren.", "person", "Darren"),
        ("Sighting: Snoop outside the shop.", "street_name", "Snoop"),
        ("Bugsy controls a deal line.", "street_name", "Bugsy"),
        ("Tyrese Okafor, 15, was found in Oakham.", "person", "Tyrese Okafor"),
        ("Our client Margaret Hewitt has support needs.", "person", "Margaret Hewitt"),
    ],
)
def test_names_after_cues_and_from_the_gazetteer(text: str, kind: str, name: str) -> None:
    found = _only(extract(text), kind)

    assert found.value == name


def test_a_month_or_modal_verb_is_not_a_name_without_a_cue() -> None:
    extraction = extract("May be nothing. Will call back in June.")

    assert extraction.people == [] and extraction.street_names == []


def test_a_name_that_ends_in_a_street_word_is_a_person() -> None:
    extraction = extract("Front passenger was Tony Hill.")

    assert _values(extraction, "person") == ["Tony Hill"]
    assert extraction.addresses == []


@pytest.mark.parametrize(
    "text",
    [
        "Buying from the Tony line again.",
        "It's the Tony line, everyone knows that number.",
        "They call it Tony. The texts come daily.",
        "a line named Tony is operated from Leicester",
        "Today it said 'Sunday deals Tony. same quality'.",
    ],
)
def test_a_line_brand_is_a_line_not_a_person(text: str) -> None:
    extraction = extract(text)

    assert {item.value for item in extraction.lines} == {"Tony"}
    assert extraction.people == []


# ---- indicators ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "indicator", "phrase"),
    [
        ("I think they've cuckooed the old man's flat.", "cuckooing", "cuckooed"),
        (
            "They've taken over the old fella's flat.",
            "cuckooing",
            "taken over the old fella's flat",
        ),
        ("Young lads who aren't from round here.", "out_of_area", "aren't from round here"),
        ("He has a London accent.", "out_of_area", "London accent"),
        ("The same message seems to go to loads of people.", "bulk_texts", None),
        ("They only stay a couple of minutes.", "short_visits", None),
        ("Saw one with a machete.", "weapons", "machete"),
        ("£880 cash in the console.", "cash", "£880 cash"),
        ("Two phones and a second phone charging.", "multiple_phones", "Two phones"),
        ("He has been missing from home twice.", "missing", "missing from home"),
    ],
)
def test_indicators_come_with_the_phrase_that_shows_them(
    text: str, indicator: str, phrase: str | None
) -> None:
    hits = [hit for hit in extract(text).indicators if hit.indicator == indicator]

    assert hits, extract(text).indicators
    for hit in hits:
        assert text[hit.start : hit.end] == hit.phrase
    if phrase is not None:
        assert phrase in [hit.phrase for hit in hits]


def test_a_plain_report_has_no_indicators() -> None:
    assert extract("Streetlight out on Queen Street since Tuesday.").indicators == ()


# ---- the whole extraction ---------------------------------------------------------------------


def test_a_report_is_read_whole_with_rules_and_confidences() -> None:
    text = (
        "Constant visitors at Flat 18, 74 Derwent Drive in Oakham, LE15 6AB. A lad they call "
        "Kaz seems to be in charge. Car used: AA69. The number is 07700 900412."
    )
    extraction = extract(text)

    assert [(i.kind, i.text) for i in extraction.items] == [
        ("address", "Flat 18, 74 Derwent Drive"),
        ("place", "Oakham"),
        ("postcode", "LE15 6AB"),
        ("street_name", "Kaz"),
        ("vrm", "AA69"),
        ("phone", "07700 900412"),
    ]
    for item in extraction.items:
        assert 0 < item.confidence <= 1
        assert item.rule
        assert text[item.start : item.end] == item.text
    assert {"short_visits"} <= extraction.indicator_codes


def test_cleaning_values_of_each_kind() -> None:
    assert clean_value("phone", "O77OO 9OO123") == "+447700900123"
    assert clean_value("vrm", "fn19 kxa") == "FN19KXA"
    assert clean_value("postcode", "le156hp") == "LE15 6HP"
    assert clean_value("place", "melton  mowbray") == "Melton Mowbray"
    assert clean_value("line", "the Tony line") == "Tony"
    assert clean_value("person", " Jayden   Smith ") == "Jayden Smith"
    with pytest.raises(ValueError):
        clean_value("place", "Atlantis")
    with pytest.raises(ValueError):
        clean_value("colour", "red")
