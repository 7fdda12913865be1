"""Phone numbers: E.164 cleaning, Ofcom drama ranges, display, comparison, free-text finding."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linewatch.types import phone

DRAMA_EXAMPLES = [
    ("0113 496 0000", "+441134960000"),
    ("0114 496 0999", "+441144960999"),
    ("0115 496 0123", "+441154960123"),
    ("0116 496 0123", "+441164960123"),
    ("0117 496 0500", "+441174960500"),
    ("0118 496 0001", "+441184960001"),
    ("0121 496 0456", "+441214960456"),
    ("0131 496 0789", "+441314960789"),
    ("0141 496 0321", "+441414960321"),
    ("0151 496 0654", "+441514960654"),
    ("0161 496 0987", "+441614960987"),
    ("020 7946 0123", "+442079460123"),
    ("0191 498 0123", "+441914980123"),
    ("028 9018 0123", "+442890180123"),
    ("029 2018 0123", "+442920180123"),
    ("01632 960001", "+441632960001"),
    ("07700 900000", "+447700900000"),
    ("07700 900982", "+447700900982"),
    ("07700 900999", "+447700900999"),
    ("08081 570123", "+448081570123"),
    ("0909 879 0123", "+449098790123"),
    ("03069 990123", "+443069990123"),
]


@pytest.mark.parametrize(("raw", "e164"), DRAMA_EXAMPLES)
def test_every_drama_range_is_accepted_and_recognised(raw: str, e164: str) -> None:
    assert phone.clean(raw) == e164
    assert phone.is_drama_range(e164)
    assert phone.validate(raw) == []


def test_drama_table_has_every_row_of_the_domain_table() -> None:
    assert len(phone.DRAMA_RANGES) == 20
    assert all(
        len(prefix) == 8 and prefix.startswith("0") for prefix in phone.DRAMA_RANGES.values()
    )


@pytest.mark.parametrize(
    "e164",
    [
        "+447700901000",
        "+447700899999",
        "+441164961000",
        "+441632961000",
        "+447912345678",
        "+4477009001234",
        "+33123456789",
    ],
)
def test_numbers_next_to_the_drama_ranges_are_not_drama(e164: str) -> None:
    assert not phone.is_drama_range(e164)


def test_phonenumbers_metadata_alone_would_refuse_some_drama_ranges() -> None:
    # Why the explicit table exists: without it these synthetic numbers would be rejected.
    import phonenumbers

    for raw in ("07700 900123", "01632 960001", "0115 496 0123"):
        assert not phonenumbers.is_valid_number(phonenumbers.parse(raw, "GB"))
        assert phone.clean(raw).startswith("+44")


@pytest.mark.parametrize(
    "raw",
    [
        "07700 900123",
        "07700900123",
        "+447700900123",
        "+44 7700 900123",
        "+44 (0)7700 900123",
        "+44(0)7700900123",
        "0044 7700 900123",
        "(07700) 900123",
        "07700-900-123",
        "07700.900.123",
        " 07700 900 123 ",
        "O77OO 9OO123",
        "o7700 9oo123",
    ],
)
def test_formatting_variants_clean_to_one_e164(raw: str) -> None:
    assert phone.clean(raw) == "+447700900123"


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("07912 345678", "+447912345678"),
        ("07624 123456", "+447624123456"),
        ("01572 722000", "+441572722000"),
        ("+1 202 555 0101", "+12025550101"),
        ("+33 1 23 45 67 89", "+33123456789"),
        ("0800 157 0000", "+448001570000"),
    ],
)
def test_real_format_numbers_valid_per_phonenumbers_are_accepted(raw: str, e164: str) -> None:
    assert phone.clean(raw) == e164


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("07700 9001", "'07700 9001' is too short for a UK number"),
        ("0116 496", "too short for a UK number"),
        ("077009001234567", "too long for a UK number"),
        ("07700 900123 ext 12", "contains letters"),
        ("call me", "contains letters"),
        ("", "cannot be empty"),
        ("   ", "cannot be empty"),
        ("+999 12345", "is not a phone number"),
        ("04123 456789", "not in any range of UK numbers that Ofcom has allocated"),
        ("+1 555 555 5555", "not a valid number for country +1"),
    ],
)
def test_invalid_numbers_give_a_reason_a_user_can_act_on(raw: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason.replace("(", r"\(").replace("+", r"\+")):
        phone.clean(raw)
    assert len(phone.validate(raw)) == 1


@pytest.mark.parametrize(
    ("e164", "shown"),
    [
        ("+447700900123", "07700 900123"),
        ("+441164960123", "0116 496 0123"),
        ("+441632960001", "01632 960001"),
        ("+442079460123", "020 7946 0123"),
        ("+33123456789", "+33 1 23 45 67 89"),
    ],
)
def test_display_is_how_a_person_writes_it(e164: str, shown: str) -> None:
    assert phone.display(e164) == shown


def test_compare_scores() -> None:
    assert phone.compare("07700 900123", "+44 7700 900123") == 1.0
    assert phone.compare("O77OO 9OO123", "0044 7700 900 123") == 1.0
    assert phone.compare("07700 900123", "07700 900124") == 0.5  # one digit miswritten
    assert phone.compare("07700 900123", "07700 900132") == 0.5  # neighbours swapped
    assert phone.compare("07700 900123", "07700 900456") == 0.0
    assert phone.compare("07700 900123", "0116 496 0123") == 0.0
    assert phone.compare("", "07700 900123") == 0.0


# Free text ---------------------------------------------------------------------------------


def _found(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.value) for m in phone.find_all(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call 07700 900123 now", [("07700 900123", "+447700900123")]),
        ("text the line on O77OO 9OO123", [("O77OO 9OO123", "+447700900123")]),
        ("Tel:07700900123.", [("07700900123", "+447700900123")]),
        (
            "+44 (0)7700 900123 or 0116 496 0123",
            [("+44 (0)7700 900123", "+447700900123"), ("0116 496 0123", "+441164960123")],
        ),
        ("ring 0044 116 4960123!", [("0044 116 4960123", "+441164960123")]),
        (
            "numbers 0116 496 0123 07700 900123",
            [("0116 496 0123", "+441164960123"), ("07700 900123", "+447700900123")],
        ),
        ("landline (0116) 496 0123", [("(0116) 496 0123", "+441164960123")]),
        (
            "07700-900-123 and 07700.900.999",
            [("07700-900-123", "+447700900123"), ("07700.900.999", "+447700900999")],
        ),
        ("say 0 7700 900 123", [("0 7700 900 123", "+447700900123")]),
        ("at 21:15 07700 900123 texted", [("07700 900123", "+447700900123")]),
        ("french +33 1 23 45 67 89", [("+33 1 23 45 67 89", "+33123456789")]),
        (
            "NEW NUMBER 01632 960 001 OLD 01632960002",
            [("01632 960 001", "+441632960001"), ("01632960002", "+441632960002")],
        ),
        ("in case 07700 900123 rings", [("07700 900123", "+447700900123")]),
        ("on O2 07700 900123", [("07700 900123", "+447700900123")]),
        ("flat 2, 07700 900123", [("07700 900123", "+447700900123")]),
    ],
)
def test_find_all_finds_numbers_however_written(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "seen on 01/03/2009 at 21:15",
        "date 2009-03-01, time 21.15",
        "paid £1,200.00 and £07.50",
        "crime ref 01164960123",
        "Crime reference no. 0116 496 0123",
        "URN: 07700900123",
        "CAD 0116 4960 123",
        "LE/12345/26 and 12345/26",
        "IMEI 352099001761481",
        "07700 900123/26",
        "room 101 in 2009, 17 people",
        "07700 9001 is too short",
        "OO OOO OOOO",
        "AB07700900123",
        "sort code 20-00-00 account 12345678",
        "GOOD LOOK",
    ],
)
def test_find_all_ignores_near_misses(text: str) -> None:
    assert phone.find_all(text) == []


def test_find_all_spans_point_at_the_text() -> None:
    text = "Flare from 07700 900123; reply to +44 7700 900 999."
    for match in phone.find_all(text):
        assert text[match.start : match.end] == match.text
        assert match.kind == "phone" and not match.partial


# Properties --------------------------------------------------------------------------------

drama_numbers = st.builds(
    lambda prefix, tail: prefix + f"{tail:03d}",
    st.sampled_from(sorted(phone.DRAMA_RANGES.values())),
    st.integers(0, 999),
)


def _write(national: str, style: int) -> str:
    rest = national[1:]
    return [
        national,
        f"{national[:5]} {national[5:]}",
        f"+44 {rest}",
        f"+44 (0){rest[:4]} {rest[4:]}",
        f"0044{rest}",
        f"{national[:4]}-{national[4:7]}-{national[7:]}",
        national.replace("0", "O"),
    ][style]


@given(drama_numbers, st.integers(0, 6))
def test_any_drama_number_in_any_style_round_trips(national: str, style: int) -> None:
    e164 = phone.clean(_write(national, style))
    assert e164 == "+44" + national[1:]
    assert phone.is_drama_range(e164)
    assert phone.clean(phone.display(e164)) == e164


@given(drama_numbers, st.integers(0, 6), st.sampled_from(["Call ", "ring on ", "(", "tel: "]))
def test_any_drama_number_is_found_in_a_sentence(national: str, style: int, lead: str) -> None:
    written = _write(national, style)
    found = phone.find_all(f"{lead}{written} tonight, ta")
    assert [m.value for m in found] == ["+44" + national[1:]]


@given(st.text(max_size=40), st.text(max_size=40))
def test_compare_is_symmetric_and_bounded(a: str, b: str) -> None:
    score = phone.compare(a, b)
    assert 0.0 <= score <= 1.0
    assert score == phone.compare(b, a)
