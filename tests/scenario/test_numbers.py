"""Only Ofcom drama-range numbers, wherever a number is written; handsets and SIMs well formed."""

from __future__ import annotations

import random
import re
from pathlib import Path

import duckdb
import pytest

from linewatch.scenario import load_ground_truth
from linewatch.scenario.numbers import (
    DeviceMaker,
    NumberBook,
    luhn_digit,
    numbers_of,
    written,
)
from linewatch.types import phone

from .conftest import reports, rows

DRAMA = re.compile(
    r"^\+44(?:7700900|1134960|1144960|1154960|1164960|1174960|1184960|1214960|1314960|"
    r"1414960|1514960|1614960|2079460|1914980|2890180|2920180|1632960|8081570|9098790|"
    r"3069990)\d{3}$"
)


def _all_call_numbers(folder: Path) -> set[str]:
    con = duckdb.connect()
    found = con.execute(
        f"select calling_number from read_parquet('{folder}/calls/*.parquet') union "
        f"select called_number from read_parquet('{folder}/calls/*.parquet')"
    ).fetchall()
    return {n for (n,) in found}


@pytest.mark.parametrize("folder_name", ["small_dir", "large_dir"])
def test_every_call_record_number_is_in_a_drama_range(
    folder_name: str, request: pytest.FixtureRequest
) -> None:
    numbers = _all_call_numbers(request.getfixturevalue(folder_name))
    assert numbers
    assert all(DRAMA.match(n) for n in numbers)
    assert all(phone.is_drama_range(n) for n in numbers)


def test_every_number_written_in_reports_records_and_truth_is_a_drama_number(
    small_dir: Path,
) -> None:
    for report in reports(small_dir):
        for mention in report["mentions"]:
            if mention["schema"] == "Phone":
                assert phone.is_drama_range(phone.clean(mention["properties"]["number"]))
    for record in rows(small_dir, "person_records.csv"):
        if record["phone"]:
            assert phone.is_drama_range(phone.clean(record["phone"]))
    truth = load_ground_truth(small_dir)
    every = set(truth.non_line_phones) | truth.deal_numbers()
    every |= {n for p in truth.people.values() for n in p.phones}
    every |= {c.number for c in truth.confounders}
    every |= {n for line in truth.lines for n in line.customer_numbers}
    assert all(DRAMA.match(n) for n in every)


def test_numbers_are_written_in_many_uk_styles_that_clean_back() -> None:
    rng = random.Random(5)
    for number in ["+447700900123", "+441164960042", "+442079460999", "+441632960001"]:
        styles = {written(number, rng) for _ in range(200)}
        assert len(styles) >= 5
        assert all(phone.clean(s) == number for s in styles)
    mobile_styles = {written("+447700900123", rng, letter_o=1.0) for _ in range(50)}
    assert any("O" in s for s in mobile_styles)


def test_line_numbers_are_never_handed_to_subscribers() -> None:
    book = NumberBook(random.Random(1), line_block=300)
    line = {book.line_number() for _ in range(300)}
    world = book.world(random.Random(2))
    subscribers = {world.mobile() for _ in range(world.mobiles_left())}
    assert len(line) == 300
    assert not line & subscribers
    assert line | subscribers == set(numbers_of("07700900"))
    with pytest.raises(ValueError, match="ran out of line numbers"):
        book.line_number()


def test_imeis_pass_the_luhn_check_and_imsis_are_uk() -> None:
    maker = DeviceMaker(random.Random(3))
    imeis = [maker.imei() for _ in range(200)]
    assert len(set(imeis)) == 200
    assert all(len(i) == 15 and luhn_digit(i[:14]) == i[14] for i in imeis)
    imsi = maker.imsi("a")
    assert len(imsi) == 15 and imsi.startswith("23410")


def test_any_number_a_finder_sees_in_report_text_is_a_drama_number(demo_dir: Path) -> None:
    found = [m for r in reports(demo_dir) for m in phone.find_all(r["text"])]
    assert len(found) >= 100
    assert all(phone.is_drama_range(m.value) for m in found)
    truth = load_ground_truth(demo_dir)
    for r in reports(demo_dir):
        known = truth.reports.get(r["reference"])
        if known is not None:
            named = {m.entity for m in known.mentions if m.schema == "Phone"}
            assert {m.value for m in phone.find_all(r["text"])} == named
