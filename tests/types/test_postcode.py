"""Postcodes: Royal Mail shapes and letter rules, parts, comparison, free-text finding."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linewatch.types import postcode


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("LE15 6AB", "LE15 6AB"),  # AA99 9AA (Oakham)
        ("le15 6ab", "LE15 6AB"),
        ("LE156AB", "LE15 6AB"),
        ("  LE15   6AB ", "LE15 6AB"),
        ("LE1 5WW", "LE1 5WW"),  # AA9 9AA
        ("M1 1AE", "M1 1AE"),  # A9 9AA
        ("B33 8TH", "B33 8TH"),  # A99 9AA
        ("W1A 0AX", "W1A 0AX"),  # A9A 9AA
        ("EC1A 1BB", "EC1A 1BB"),  # AA9A 9AA
        ("SW1W 0NY", "SW1W 0NY"),
        ("NW1Y 1AA", "NW1Y 1AA"),
        ("CR2 6XH", "CR2 6XH"),
        ("DN55 1PT", "DN55 1PT"),
        ("PE9 2AB", "PE9 2AB"),
        ("GIR 0AA", "GIR 0AA"),
        ("gir0aa", "GIR 0AA"),
    ],
)
def test_valid_postcodes(raw: str, clean: str) -> None:
    assert postcode.clean(raw) == clean
    assert postcode.validate(raw) == []
    assert postcode.display(raw) == clean


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("QE1 1AA", "never starts with Q, V or X"),
        ("VE1 1AA", "never starts with Q, V or X"),
        ("XE1 1AA", "never starts with Q, V or X"),
        ("LI1 1AA", "second letter of a postcode is never I, J or Z"),
        ("LJ15 1AA", "second letter of a postcode is never I, J or Z"),
        ("AZ1 1AA", "second letter of a postcode is never I, J or Z"),
        ("ZZ99 9ZZ", "second letter of a postcode is never I, J or Z"),  # NHS "no fixed abode"
        ("W1I 1AA", "I cannot follow W1 in a district"),
        ("W1L 1AA", "L cannot follow W1 in a district"),
        ("EC1C 1AA", "C cannot follow EC1 in a district"),
        ("EC1D 1AA", "D cannot follow EC1 in a district"),
        ("LE15 6AC", "never C"),
        ("LE15 6IA", "never I"),
        ("LE15 6KM", "never K, M"),
        ("LE15 6OV", "never O, V"),
        ("LE15 AAB", "last part must be a digit and two letters"),
        ("LE15 66B", "last part must be a digit and two letters"),
        ("1E15 6AB", "is not a postcode district"),
        ("LEE1 6AB", "is not a postcode district"),
        ("LE", "too short"),
        ("LE15", "too short"),
        ("LE15 6ABC", "too long"),
        ("LE15-6AB", "characters other than letters and digits"),
        ("", "cannot be empty"),
    ],
)
def test_invalid_postcodes_say_why(raw: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        postcode.clean(raw)
    assert postcode.validate(raw)


def test_parts() -> None:
    assert postcode.outward("le15 6ab") == "LE15"
    assert postcode.inward("LE15 6AB") == "6AB"
    assert postcode.sector("LE15 6AB") == "LE15 6"
    assert postcode.area("LE15 6AB") == "LE"
    assert postcode.area("M1 1AE") == "M"
    assert postcode.outward("EC1A 1BB") == "EC1A"
    assert postcode.outward("GIR 0AA") == "GIR"


@pytest.mark.parametrize(
    ("a", "b", "score"),
    [
        ("LE15 6AB", "le156ab", 1.0),
        ("LE15 6AB", "LE15 6AD", 0.6),
        ("LE15 6AB", "LE15 7AB", 0.3),
        ("LE15 6AB", "LE16 6AB", 0.0),
        ("LE15 6AB", "not a postcode", 0.0),
        ("LE15", "le15", 1.0),
    ],
)
def test_compare(a: str, b: str, score: float) -> None:
    assert postcode.compare(a, b) == score
    assert postcode.compare(b, a) == score


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "seen at LE15 6AB, then le15 6ab and LE156AB.",
            [("LE15 6AB", "LE15 6AB"), ("le15 6ab", "LE15 6AB"), ("LE156AB", "LE15 6AB")],
        ),
        ("Address: 1 High St, Oakham, Rutland LE15 6AB", [("LE15 6AB", "LE15 6AB")]),
        ("(EC1A 1BB)", [("EC1A 1BB", "EC1A 1BB")]),
        ("GIR 0AA", [("GIR 0AA", "GIR 0AA")]),
    ],
)
def test_find_all(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.text, m.value) for m in postcode.find_all(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "AB12 CDE",  # a vehicle mark
        "LE15 on its own",
        "TLE15 6AB",
        "LE15 6ABC",
        "LE15 6AC",
        "QE1 1AA",
        "01/03/2009 21:15 £1,200",
        "ref LE/15/6AB",
        "07700 900123",
    ],
)
def test_find_all_ignores_near_misses(text: str) -> None:
    assert postcode.find_all(text) == []


valid_postcodes = st.from_regex(
    r"\A[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY])"
    r" [0-9][ABD-HJLNP-UW-Z]{2}\Z"
)


@given(valid_postcodes, st.sampled_from([str.lower, str.upper, lambda s: s.replace(" ", "")]))
def test_round_trip(pc: str, variant: object) -> None:
    assert callable(variant)
    written = variant(pc)
    assert postcode.clean(written) == pc
    assert postcode.clean(postcode.display(postcode.clean(written))) == pc
    assert f"{postcode.outward(pc)} {postcode.inward(pc)}" == pc
    assert [m.value for m in postcode.find_all(f"lives at {written}, Rutland")] == [pc]


@given(st.text(max_size=12))
def test_validate_never_crashes_and_agrees_with_clean(raw: str) -> None:
    problems = postcode.validate(raw)
    if problems:
        with pytest.raises(ValueError):
            postcode.clean(raw)
    else:
        assert postcode.validate(postcode.clean(raw)) == []
