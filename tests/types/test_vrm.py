"""Vehicle registration marks: formats and letter rules, age identifiers, ANPR misreads,
free-text finding including partial plates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linewatch.types import vrm

TODAY = date(2026, 11, 28)  # the current half-year began with 76 (September 2026)


@pytest.mark.parametrize(
    ("raw", "mark", "kind", "shown"),
    [
        ("AB12 CDE", "AB12CDE", "current", "AB12 CDE"),
        ("ab12cde", "AB12CDE", "current", "AB12 CDE"),
        (" AB-12-CDE ", "AB12CDE", "current", "AB12 CDE"),
        ("YX02 ZZZ", "YX02ZZZ", "current", "YX02 ZZZ"),  # Z allowed in the random letters
        ("FL51 ABC", "FL51ABC", "current", "FL51 ABC"),  # the first issue, September 2001
        ("BD76 XYZ", "BD76XYZ", "current", "BD76 XYZ"),  # the current half-year
        ("A123 BCD", "A123BCD", "prefix", "A123 BCD"),
        ("Y9 ABC", "Y9ABC", "prefix", "Y9 ABC"),
        ("P 99 XYZ", "P99XYZ", "prefix", "P99 XYZ"),
        ("ABC 123A", "ABC123A", "suffix", "ABC 123A"),
        ("XYZ 1Y", "XYZ1Y", "suffix", "XYZ 1Y"),
        ("AB 1234", "AB1234", "dateless", "AB 1234"),
        ("1234 AB", "1234AB", "dateless", "1234 AB"),
        ("A 1", "A1", "dateless", "A 1"),
        ("ABC 1", "ABC1", "dateless", "ABC 1"),
        ("ABZ 1234", "ABZ1234", "northern_ireland", "ABZ 1234"),
        ("IA 99", "IA99", "northern_ireland", "IA 99"),
        ("Q123 ABC", "Q123ABC", "q_plate", "Q123 ABC"),
    ],
)
def test_valid_marks_of_each_format(raw: str, mark: str, kind: str, shown: str) -> None:
    assert vrm.clean(raw, today=TODAY) == mark
    assert vrm.format_of(raw, today=TODAY) == kind
    assert vrm.display(mark) == shown
    assert vrm.validate(raw, today=TODAY) == []


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("IB12 CDE", "memory tag IB cannot contain I, Q or Z"),
        ("AQ12 CDE", "memory tag AQ cannot contain I, Q or Z"),
        ("ZA12 CDE", "memory tag ZA cannot contain I, Q or Z"),
        ("AB12 CDI", "last three letters CDI cannot contain I or Q"),
        ("AB12 QDE", "last three letters QDE cannot contain I or Q"),
        ("AB01 CDE", "age identifier 01 was never issued"),
        ("AB77 CDE", "age identifier 77 is not issued until September 2027"),
        ("AB27 CDE", "age identifier 27 is not issued until March 2027"),
        ("AB99 CDE", "age identifier 99 is not issued until September 2049"),
        ("AB00 CDE", "age identifier 00 is not issued until September 2050"),
        ("I123 BCD", "does not fit any UK registration format"),
        ("O123 BCD", "does not fit any UK registration format"),
        ("U123 BCD", "does not fit any UK registration format"),
        ("Z123 BCD", "does not fit any UK registration format"),
        ("A0 BCD", "does not fit any UK registration format"),
        ("A1234 BCD", "too long"),
        ("ABC 123I", "does not fit any UK registration format"),
        ("ABC 0123", "does not fit any UK registration format"),
        ("AB 12345", "does not fit any UK registration format"),
        ("ABCD 12", "does not fit any UK registration format"),
        ("ABQ 1234", "does not fit any UK registration format"),
        ("AB12 CDEF", "too long"),
        ("12345", "does not fit any UK registration format"),
        ("", "cannot be empty"),
        ("--", "cannot be empty"),
    ],
)
def test_invalid_marks_say_why(raw: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        vrm.clean(raw, today=TODAY)


def test_age_identifier_becomes_valid_when_its_half_year_starts() -> None:
    assert vrm.validate("AB27 CDE", today=date(2027, 2, 28))
    assert vrm.validate("AB27 CDE", today=date(2027, 3, 1)) == []
    assert vrm.validate("AB77 CDE", today=date(2027, 9, 1)) == []


@pytest.mark.parametrize(
    ("mark", "issued"),
    [
        ("AB51CDE", date(2001, 9, 1)),
        ("AB02CDE", date(2002, 3, 1)),
        ("AB24CDE", date(2024, 3, 1)),
        ("AB74CDE", date(2024, 9, 1)),
        ("AB50CDE", date(2050, 3, 1)),
        ("AB99CDE", date(2049, 9, 1)),
        ("AB00CDE", date(2050, 9, 1)),
    ],
)
def test_age_identifier_issue_dates(mark: str, issued: date) -> None:
    assert vrm.age_identifier_issued(mark[2:4]) == issued


def test_age_identifier_date_only_for_current_marks() -> None:
    assert vrm.age_identifier_date("AB 24 CDE") == date(2024, 3, 1)
    assert vrm.age_identifier_date("FL51ABC") == date(2001, 9, 1)
    assert vrm.age_identifier_date("A123 BCD") is None
    assert vrm.age_identifier_date("AB 1234") is None


@pytest.mark.parametrize(
    ("a", "b", "score"),
    [
        ("AB12CDE", "ab12 cde", 1.0),
        ("AB12CDE", "A812CDE", 0.9),  # B read as 8
        ("AB12CDE", "AB1ZCDE", 0.9),  # 2 read as Z
        ("S012OBE", "5O12OBE", 0.8),  # S/5 and 0/O
        ("AI11 ABC", "A111 ABC", 0.9),
        ("AB12CDE", "AB12CDF", 0.5),  # a real difference
        ("AB12CDE", "AB12CD", 0.5),  # a character missed
        ("AB12CDE", "AB21CDE", 0.0),  # two real differences
        ("AB12CDE", "XY34ZZZ", 0.0),
        ("AB12CDE", "", 0.0),
    ],
)
def test_compare_forgives_anpr_misreads(a: str, b: str, score: float) -> None:
    assert vrm.compare(a, b) == pytest.approx(score)
    assert vrm.compare(b, a) == pytest.approx(score)


# Free text ---------------------------------------------------------------------------------


def _found(text: str) -> list[tuple[str, str, bool]]:
    return [(m.text, m.value, m.partial) for m in vrm.find_all(text, today=TODAY)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Silver Golf AB12 CDE seen at 21:15 near LE15 6AB", [("AB12 CDE", "AB12CDE", False)]),
        ("car ab12cde again", [("ab12cde", "AB12CDE", False)]),
        (
            "white van A123 BCD then ABC 123D",
            [("A123 BCD", "A123BCD", False), ("ABC 123D", "ABC123D", False)],
        ),
        ("AB12 CDE AB13 CDF", [("AB12 CDE", "AB12CDE", False), ("AB13 CDF", "AB13CDF", False)]),
        ("reg AB 1234 blue van", [("AB 1234", "AB1234", False)]),
        ("VRM: 1234 AB", [("1234 AB", "1234AB", False)]),
        ("private plate ABZ 1234", [("ABZ 1234", "ABZ1234", False)]),
        ("a Q plate, Q123 ABC, parked", [("Q123 ABC", "Q123ABC", False)]),
        ("(AB12 CDE)", [("AB12 CDE", "AB12CDE", False)]),
    ],
)
def test_find_all_full_marks(text: str, expected: list[tuple[str, str, bool]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plate AB12 C?? seen", [("AB12 C??", "AB12C??", True)]),
        ("AB?? CDE drove off", [("AB?? CDE", "AB??CDE", True)]),
        ("reg was AB12 C** ", [("AB12 C**", "AB12C??", True)]),
        ("partial plate AB12", [("AB12", "AB12", True)]),
        ("Partial reg: AB12 C", [("AB12 C", "AB12C", True)]),
        ("part VRM ab12", [("ab12", "AB12", True)]),
        ("reg ending CDE", [("CDE", "*CDE", True)]),
        ("plate starting with AB12", [("AB12", "AB12*", True)]),
        ("partial reg AB1? ?DE", [("AB1? ?DE", "AB1??DE", True)]),
    ],
)
def test_find_all_partial_plates_are_marked_not_completed(
    text: str, expected: list[tuple[str, str, bool]]
) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Is it AB12?",
        "on the A1 then the M6 and B1234",
        "seen on 01/03/2009 at 21:15, paid £1,200",
        "crime ref LE/12345/26",
        "near LE15 6AB and le15 6ab",
        "FLAT 12A, APT 12B",
        "silver X5 BMW and a 2015 A4 TDI",
        "partial plate of the car",
        "AB12,CDE",
        "AB99 CDE is a cloned plate",  # age identifier not issued yet
        "IB12 CDE",
        "07700 900123",
        "at 10 pm on 5 June",
        "the Golf GTI",
    ],
)
def test_find_all_ignores_near_misses(text: str) -> None:
    assert _found(text) == []


def test_find_all_skips_excluded_spans() -> None:
    assert vrm.find_all("AB12 CDE", exclude=[(0, 4)], today=TODAY) == []


# Properties --------------------------------------------------------------------------------

TAG = "ABCDEFGHJKLMNOPRSTUVWXY"
RANDOM = "ABCDEFGHJKLMNOPRSTUVWXYZ"
issued_ids = [f"{n:02d}" for n in range(2, 100) if vrm.age_identifier_issued(f"{n:02d}") <= TODAY]
current_marks = st.builds(
    lambda tag, age, letters: tag + age + letters,
    st.text(TAG, min_size=2, max_size=2),
    st.sampled_from(issued_ids),
    st.text(RANDOM, min_size=3, max_size=3),
)
prefix_marks = st.from_regex(r"\A[A-HJ-NPR-TV-Y][1-9][0-9]{0,2}[A-Z]{3}\Z")
suffix_marks = st.from_regex(r"\A[A-Z]{3}[1-9][0-9]{0,2}[A-HJ-NPR-TV-Y]\Z")
dateless_marks = st.from_regex(
    r"\A([A-HJ-PR-Y]{1,3}[1-9][0-9]{0,3}|[1-9][0-9]{0,3}[A-HJ-PR-Y]{1,3})\Z"
)


@given(st.one_of(current_marks, prefix_marks, suffix_marks, dateless_marks))
def test_display_round_trips(mark: str) -> None:
    assert vrm.clean(mark, today=TODAY) == mark
    shown = vrm.display(mark)
    assert " " in shown
    assert vrm.clean(vrm.display(vrm.clean(shown.lower()))) == mark


@given(current_marks)
def test_current_marks_are_found_in_sentences(mark: str) -> None:
    text = f"Seen {vrm.display(mark)}, heading north."
    assert [m.value for m in vrm.find_all(text, today=TODAY)] == [mark]


@given(current_marks, st.integers(0, 6))
def test_one_confusable_misread_scores_point_nine(mark: str, position: int) -> None:
    swap = {"O": "0", "0": "O", "I": "1", "1": "I", "B": "8", "8": "B", "S": "5", "5": "S"}
    if mark[position] not in swap:
        return
    misread = mark[:position] + swap[mark[position]] + mark[position + 1 :]
    assert vrm.compare(mark, misread) == pytest.approx(0.9)
