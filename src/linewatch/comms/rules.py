"""Deal-line rules, first depth: what a marketed drug line looks like in call records.

A deal line *advertises* (bulk "flare" texts to its customer list) and *serves customers*
(many different numbers contact it, mostly briefly, while it calls only a few: its runners and
its holder; it is busy in the evening and at night; handsets are swapped while the number is
kept). Taxi firms, takeaways and GP surgeries serve customers too, but do not send flares, so
each half weighs 0.5 and customer service alone cannot reach the default threshold of 0.6.
Every part of the score comes with the sentence that explains it.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

METHOD = "comms.deal_line_rules"
METHOD_VERSION = "1"
CLAIM = "DEAL_LINE"


@dataclass(frozen=True)
class DealLineRules:
    """The tunable parts of the rules; the defaults are version 1."""

    flare_min_recipients: int = 5  # distinct recipients that make a burst of texts a flare
    flare_broadcast_share: float = 0.9  # distinct recipients per text in a flare, at least
    flare_gap_s: int = 30  # texts further apart than this start a new burst
    flare_window_s: int = 600  # a flare is sent within this long
    candidate_min_inbound: int = 10  # numbers contacted by fewer (and sending no flare) skip
    short_call_s: int = 60
    evening_from_hour: int = 18  # UK local time; evening and night run to morning_hour
    morning_hour: int = 6
    small_outbound: int = 10  # calling this few numbers or fewer is a small outbound set
    top_contacts: int = 5  # phones linked to a flagged line as the ones it talks to most
    contact_min_calls: int = 3


@dataclass
class NumberFigures:
    """What the call records say about one number, over every imported production."""

    number: str
    events: int
    calls: int
    short_calls: int
    evening_events: int
    inbound_contacts: int
    outbound_call_contacts: int
    outbound_sms_contacts: int
    flare_bursts: int
    flare_days: int
    flare_min_recipients: int
    flare_max_span_s: int
    handsets: list[str] = field(default_factory=list)
    productions: list[str] = field(default_factory=list)
    first_seen: datetime | None = None
    last_seen: datetime | None = None

    @property
    def short_call_share(self) -> float:
        return self.short_calls / self.calls if self.calls else 0.0

    @property
    def evening_share(self) -> float:
        return self.evening_events / self.events if self.events else 0.0

    def as_dict(self) -> dict[str, Any]:
        values = asdict(self)
        for key in ("first_seen", "last_seen"):
            moment = values[key]
            values[key] = moment.isoformat() if moment is not None else None
        return values


@dataclass(frozen=True)
class Indicator:
    name: str
    weight: float  # share of the whole score this indicator can give
    strength: float  # 0..1
    reason: str

    @property
    def contribution(self) -> float:
        return self.weight * self.strength


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def _numbers(count: int) -> str:
    return f"{count} number" if count == 1 else f"{count} numbers"


def _advertising(f: NumberFigures) -> Indicator:
    # One group text is something anyone might send; a line advertises day after day.
    strength = 0.0 if f.flare_days == 0 else 0.4 + 0.6 * _clamp((f.flare_days - 1) / 4)
    least = f.flare_min_recipients
    at_least = least if least < 20 else 10 * (least // 10)
    minutes = max(1, math.ceil(f.flare_max_span_s / 60))
    days = "day" if f.flare_days == 1 else "days"
    reason = (
        f"sent bulk texts to {at_least}+ numbers within {minutes} "
        f"minute{'s' if minutes != 1 else ''} on {f.flare_days} {days}"
    )
    return Indicator("flares", 0.5, strength, reason)


def _customer_pattern(f: NumberFigures, rules: DealLineRules) -> list[Indicator]:
    inbound, outbound = f.inbound_contacts, f.outbound_call_contacts
    # "Many contact it, it calls few" means little until many do contact it.
    breadth = _clamp(inbound / (2 * rules.candidate_min_inbound))
    ratio = inbound / max(1, outbound)
    # A line calls its runners and holder; a number that calls nobody is not that pattern.
    small = 0 < outbound <= rules.small_outbound and inbound >= 2 * outbound
    short = _clamp((f.short_call_share - 0.3) / 0.4) if f.calls >= 10 else 0.0
    hours = f"{_hour(rules.evening_from_hour)} and {_hour(rules.morning_hour)}"
    calls_few = f"calls only {outbound}" if outbound else "makes no calls"
    return [
        Indicator(
            "inbound_contacts",
            0.15,
            _clamp(inbound / 50),
            f"contacted by {inbound} different numbers",
        ),
        Indicator(
            "inbound_outbound_ratio",
            0.10,
            breadth * _clamp((ratio - 1) / 4),
            f"{_numbers(inbound)} contact it but it {calls_few}",
        ),
        Indicator(
            "small_outbound_set",
            0.075,
            breadth if small else 0.0,
            f"calls a small set of {_numbers(outbound)}",
        ),
        Indicator(
            "short_calls",
            0.075,
            short,
            f"{round(100 * f.short_call_share)}% of its {f.calls} calls lasted under "
            f"{rules.short_call_s} seconds",
        ),
        Indicator(
            "evening_activity",
            0.05,
            _clamp(f.evening_share / 0.4),
            f"{round(100 * f.evening_share)}% of its activity is between {hours}",
        ),
        Indicator(
            "handsets",
            0.05,
            _clamp((len(f.handsets) - 1) / 2),
            f"used in {len(f.handsets)} different handsets",
        ),
    ]


def _hour(hour: int) -> str:
    if hour % 12 == 0:
        return "midnight" if hour == 0 else "noon"
    return f"{hour % 12}{'am' if hour < 12 else 'pm'}"


def indicators(figures: NumberFigures, rules: DealLineRules) -> list[Indicator]:
    return [_advertising(figures), *_customer_pattern(figures, rules)]


def score(figures: NumberFigures, rules: DealLineRules) -> tuple[float, list[str]]:
    """The score in [0, 1] and the reasons for it, strongest first."""
    found = indicators(figures, rules)
    total = round(_clamp(sum(i.contribution for i in found)), 3)
    # Every indicator that moves the score by a noticeable amount says so.
    telling = sorted((i for i in found if i.contribution >= 0.025), key=lambda i: -i.contribution)
    return total, [i.reason for i in telling]
