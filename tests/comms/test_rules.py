from __future__ import annotations

from dataclasses import replace

from linewatch.comms import DealLineRules, NumberFigures
from linewatch.comms.rules import indicators, score

RULES = DealLineRules()

QUIET = NumberFigures(
    number="+447700900001",
    events=100,
    active_days=60,
    days_in_use=90,
    calls=50,
    short_calls=5,
    evening_events=5,
    inbound_contacts=5,
    outbound_calls=40,
    outbound_call_contacts=10,
    outbound_sms_contacts=10,
    flare_bursts=0,
    flare_days=0,
    flare_median_recipients=0,
    flare_max_recipients=0,
    flare_max_span_s=0,
    flare_audience=0,
    flare_responders=0,
)

# What a taxi firm shows: hundreds ring it, briefly, late; it rings a few drivers all day.
TAXI = replace(
    QUIET,
    events=5000,
    calls=5000,
    short_calls=5000,
    evening_events=5000,
    inbound_contacts=400,
    outbound_calls=900,
    outbound_call_contacts=6,
    handsets=["352099000000014", "352099000000022", "352099000000030"],
)

# A marketed line: adverts on most days to customers who then ring it; it rings its runners.
LINE = replace(
    QUIET,
    events=9000,
    active_days=88,
    days_in_use=90,
    calls=600,
    short_calls=480,
    evening_events=4000,
    inbound_contacts=120,
    outbound_calls=300,
    outbound_call_contacts=4,
    flare_bursts=70,
    flare_days=61,
    flare_median_recipients=43,
    flare_max_recipients=58,
    flare_max_span_s=95,
    flare_audience=110,
    flare_responders=100,
    handsets=["352099000000014", "352099000000022"],
)


def test_operation_weights_add_up_to_one() -> None:
    _, *worked = indicators(QUIET, RULES)

    assert round(sum(i.weight for i in worked), 6) == 1.0


def test_a_marketed_line_that_rings_a_few_phones_scores_high_with_its_reasons() -> None:
    value, reasons = score(LINE, RULES)

    assert value >= 0.95
    assert reasons[0] == (
        "sent bulk texts to 43 of its 110 recipients at a time (up to 58) within 2 minutes, "
        "on 61 of the 90 days it was in use"
    )
    assert (
        reasons[1] == "rings only a small set of 4 numbers (300 calls) while 120 numbers contact it"
    )
    assert "100 of the 110 numbers sent its bulk texts contacted it" in reasons
    assert "80% of its 600 calls lasted under 60 seconds" in reasons


def test_a_business_worked_like_a_line_but_not_advertising_scores_nothing() -> None:
    assert score(TAXI, RULES) == (0.0, [])


def test_advertising_with_no_one_rung_and_no_customers_stays_under_the_threshold() -> None:
    reminders = replace(
        LINE,
        inbound_contacts=0,
        outbound_calls=0,
        outbound_call_contacts=0,
        calls=0,
        short_calls=0,
        flare_responders=0,
    )

    value, reasons = score(reminders, RULES)

    assert value < 0.6
    assert len(reasons) == 3  # the adverts, the evening hours, the handsets; nothing more


def test_a_weekly_offer_is_not_a_habit_of_flares() -> None:
    weekly = replace(LINE, days_in_use=364, flare_days=52, outbound_calls=0)
    daily = replace(weekly, flare_days=300)

    assert score(weekly, RULES)[0] < 0.6 <= score(daily, RULES)[0]


def test_a_few_texts_at_a_time_to_whoever_booked_are_not_adverts() -> None:
    replies = replace(LINE, flare_median_recipients=2, flare_max_recipients=5, flare_audience=400)

    value, reasons = score(replies, RULES)

    assert value < 0.2
    assert reasons[0].startswith("sent bulk texts to 2 of its 400 recipients at a time")


def test_one_group_text_is_not_a_habit() -> None:
    once = replace(LINE, flare_bursts=1, flare_days=1)

    assert score(once, RULES)[0] < 0.2


def test_a_quiet_number_scores_nothing() -> None:
    assert score(QUIET, RULES) == (0.0, [])


def test_figures_travel_as_plain_json_values() -> None:
    figures = replace(QUIET, handsets=["352099000000014"], productions=["P-1"]).as_dict()

    assert figures["handsets"] == ["352099000000014"]
    assert figures["first_seen"] is None and figures["number"] == "+447700900001"
    assert LINE.flare_day_share == 61 / 90 and LINE.response_share == 100 / 110
