"""Properties extraction keeps on any text: it never fails, its spans index the text exactly,
and every value it gives cleans to itself."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linewatch.collect import Extraction, clean_value, extract

# Text made of the pieces reports are made of, so that the rules fire often, mixed with
# anything at all.
_PIECES = st.sampled_from(
    [
        "07700 900123",
        "O77OO 9OO123",
        "+44 (0)7700 900",
        "0116 496 0123",
        "FN19 KXA",
        "reg ",
        "plate begins ",
        "AB12",
        "KXA",
        "C??",
        "LE15 6HP",
        "le156",
        "Flat 3, ",
        "12 ",
        "Station Road",
        "Leicester",
        "Melton Mowbray",
        "in Wing",
        "the Rec",
        "on the A606",
        "called ",
        "known as ",
        "Kaz",
        "Little J",
        "Jayden Smith",
        ", 15,",
        "the Tony line",
        "'Sunday deals Tony.'",
        "cuckooed",
        "£880 cash",
        "<b>",
        "</a>",
        "&amp;",
        "\x00",
        "\x1b[31m",
        "\u200b",
        "\r\n",
        " ",
        ". ",
    ]
)
_TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=40).map("".join),
)


def _check(text: str, extraction: Extraction) -> None:
    for item in extraction.items:
        assert 0 <= item.start < item.end <= len(text)
        assert text[item.start : item.end] == item.text
        assert 0 < item.confidence <= 1
        if item.partial:
            assert item.value is None and item.pattern
        else:
            assert item.value is not None
            assert clean_value(item.kind, item.value) == item.value
    spans = sorted((i.start, i.end) for i in extraction.items)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in pairwise(spans))
    for hit in extraction.indicators:
        assert text[hit.start : hit.end] == hit.phrase


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(_TEXT)
def test_extraction_never_fails_and_its_spans_and_values_hold(text: str) -> None:
    _check(text, extract(text))


def test_html_control_characters_and_a_very_long_text() -> None:
    page = (
        "<html><body><p onclick='x()'>Call <b>07700&nbsp;900123</b> or "
        "<a href='tel:+447700900456'>+44 7700 900456</a>\x00\x07\x1b[0m</p>"
        "<script>var reg = 'AB12 CDE';</script></body></html>"
    )
    _check(page, extract(page))
    long_text = ("Visitors at 14 Station Road, Oakham, reg FN19 KXA, 07700 900123. " * 500) + (
        "x" * 300_000
    )
    extraction = extract(long_text)
    _check(long_text, extraction)
    assert len(extraction.phones) == len(extraction.vrms) == 500
