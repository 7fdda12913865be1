from __future__ import annotations

from dataclasses import replace

from linewatch.comms import DealLineRules, NumberFigures
from linewatch.comms.rules import indicators, score

RULES = DealLineRules()

QUIET = NumberFigures(
    number="+447700900001",
    events=100,
    calls=50,
    short_calls=5,
    evening_events=5,
    inbound_contacts=5,
    outbound_call_contacts=10,
    outbound_sms_contacts=10,
    flare_bursts=0,
    flare_days=0,
    flare_min_recipients=0,
    flare_max_span_s=0,
)

# Everything a busy business shows: hundreds ring it, briefly, late; it rings a few drivers.
BUSY_BUSINESS = replace(
    QUIET,
    events=5000,
    calls=5000,
    short_calls=5000,
    evening_events=5000,
    inbound_contacts=400,
    outbound_call_contacts=6,
    handsets=["352099000000014", "352099000000022", "352099000000030"],
)


def test_the_weights_of_all_indicators_add_up_to_one() -> None:
    assert round(sum(i.weight for i in indicators(QUIET, RULES)), 6) == 1.0


def test_serving_customers_without_advertising_stays_below_the_threshold() -> None:
    value, reasons = score(BUSY_BUSINESS, RULES)

    assert value == 0.5
    assert not any("bulk texts" in r for r in reasons)


def test_advertising_day_after_day_to_many_customers_is_a_deal_line() -> None:
    line = replace(
        QUIET,
        inbound_contacts=120,
        outbound_call_contacts=4,
        flare_bursts=70,
        flare_days=61,
        flare_min_recipients=43,
        flare_max_span_s=95,
    )

    value, reasons = score(line, RULES)

    assert value >= 0.8
    assert reasons[0] == "sent bulk texts to 40+ numbers within 2 minutes on 61 days"
    assert "120 numbers contact it but it calls only 4" in reasons
    assert "calls a small set of 4 numbers" in reasons


def test_one_group_text_weighs_less_than_a_habit_of_flares() -> None:
    once = replace(QUIET, flare_bursts=1, flare_days=1, flare_min_recipients=30)
    weekly = replace(once, flare_bursts=6, flare_days=6)

    assert score(once, RULES)[0] < score(weekly, RULES)[0]
    assert score(once, RULES)[0] < 0.4


def test_a_quiet_number_scores_low_with_no_reasons_to_speak_of() -> None:
    value, reasons = score(QUIET, RULES)

    assert value < 0.1
    assert reasons == []


def test_a_number_that_calls_nobody_is_not_said_to_call_a_small_set() -> None:
    silent = replace(QUIET, inbound_contacts=60, outbound_call_contacts=0)

    _, reasons = score(silent, RULES)

    assert "60 numbers contact it but it makes no calls" in reasons
    assert not any("small set" in r for r in reasons)


def test_figures_travel_as_plain_json_values() -> None:
    figures = replace(QUIET, handsets=["352099000000014"], productions=["P-1"]).as_dict()

    assert figures["handsets"] == ["352099000000014"]
    assert figures["first_seen"] is None and figures["number"] == "+447700900001"
