"""Deal-line rules, first depth: what a marketed drug line looks like in call records.

A deal line is a *marketed* number: it sends bulk "flare" texts to its customer list as a
habit, most days, each reaching a good share of the list. It is also *worked*: it rings a
small set of phones (its runners and its holder) to send them out, its customers answer the
adverts by calling and texting it, briefly, often in the evening, and its handsets are
swapped while the number is kept.

Each business that looks like a line lacks one half. A taxi firm is worked like a line but
does not advertise (its "your car is outside" texts go a few at a time to whoever booked); a
GP surgery's reminder service advertises daily but no one rings it back and it rings no one;
a takeaway's weekly offer is a habit of one day in seven, and the takeaway sends no one out
by phone. So the score is advertising times operation:

    score = advertising x (0.3 + 0.7 x operation)

Advertising alone reaches 0.3, and with the hours and handsets of a line but no one rung and
few customers it stays under the default threshold of 0.6; without advertising the score is
0, so a line that markets itself only by other means is out of reach of this method.
Every indicator comes with the sentence that explains it.
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

    flare_min_recipients: int = 2  # distinct recipients that make a burst of texts a flare
    flare_broadcast_share: float = 0.9  # distinct recipients per text in a flare, at least
    flare_gap_s: int = 120  # texts further apart than this start a new burst
    flare_window_s: int = 600  # a flare is sent within this long
    flare_habit_share: float = 0.25  # flares on this share of days in use is a full habit
    flare_habit_days: int = 3  # and on at least this many days
    flare_full_coverage: float = 0.2  # a flare reaching this share of its list is an advert
    candidate_min_inbound: int = 10  # numbers contacted by fewer (and sending no flare) skip
    serve_full_inbound: int = 20  # contacted by this many numbers is a full customer base
    short_call_s: int = 60
    evening_from_hour: int = 18  # UK local time; evening and night run to morning_hour
    morning_hour: int = 6
    small_outbound: int = 15  # calling this few numbers or fewer is a small outbound set
    dispatch_full_calls: int = 20  # calls out to that small set that make a full pattern
    top_contacts: int = 5  # phones linked to a flagged line as the ones it talks to most
    contact_min_calls: int = 3


@dataclass
class NumberFigures:
    """What the call records say about one number, over every imported production."""

    number: str
    events: int
    active_days: int  # days with any call or text
    days_in_use: int  # from the first day seen to the last
    calls: int
    short_calls: int
    evening_events: int
    inbound_contacts: int
    outbound_calls: int
    outbound_call_contacts: int
    outbound_sms_contacts: int
    flare_bursts: int
    flare_days: int
    flare_median_recipients: int
    flare_max_recipients: int
    flare_max_span_s: int
    flare_audience: int  # distinct numbers sent a flare
    flare_responders: int  # of those, how many contacted the number
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

    @property
    def flare_day_share(self) -> float:
        return self.flare_days / self.days_in_use if self.days_in_use else 0.0

    @property
    def flare_coverage(self) -> float:
        """How much of everyone it ever sent a flare to a typical flare reaches."""
        return self.flare_median_recipients / self.flare_audience if self.flare_audience else 0.0

    @property
    def response_share(self) -> float:
        return self.flare_responders / self.flare_audience if self.flare_audience else 0.0

    def as_dict(self) -> dict[str, Any]:
        values = asdict(self)
        for key in ("first_seen", "last_seen"):
            moment = values[key]
            values[key] = moment.isoformat() if moment is not None else None
        return values


@dataclass(frozen=True)
class Indicator:
    name: str
    weight: float  # share of its part (advertising or operation)
    strength: float  # 0..1
    reason: str


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def _numbers(count: int) -> str:
    return f"{count} number" if count == 1 else f"{count} numbers"


def _hour(hour: int) -> str:
    if hour % 12 == 0:
        return "midnight" if hour == 0 else "noon"
    return f"{hour % 12}{'am' if hour < 12 else 'pm'}"


def advertising(f: NumberFigures, rules: DealLineRules) -> Indicator:
    """Flares as a habit, each to its customer list.

    A habit: flares on a good share of the days from first use to last, and on several days.
    To its list: a typical flare reaches a good share of everyone it ever sent one to. Texts a
    busy taxi firm sends two or three at a time to whoever has just booked reach a sliver of
    its callers each time; an advert goes to the list.
    """
    habit = _clamp(f.flare_day_share / rules.flare_habit_share)
    repeated = _clamp(f.flare_days / rules.flare_habit_days)
    coverage = _clamp(f.flare_coverage / rules.flare_full_coverage)
    typical, most = f.flare_median_recipients, f.flare_max_recipients
    minutes = max(1, math.ceil(f.flare_max_span_s / 60))
    reason = (
        f"sent bulk texts to {typical} of its {f.flare_audience} recipients at a time "
        f"(up to {most}) within {minutes} minute{'s' if minutes != 1 else ''}, "
        f"on {f.flare_days} of the {f.days_in_use} days it was in use"
    )
    strength = habit * repeated * coverage
    return Indicator("flares", 1.0, strength, reason)


def operation(f: NumberFigures, rules: DealLineRules) -> list[Indicator]:
    """How the number is worked: dispatching, serving customers, hours, handsets."""
    outbound = f.outbound_call_contacts
    small = 0 < outbound <= rules.small_outbound and f.inbound_contacts >= 2 * outbound
    short = _clamp((f.short_call_share - 0.3) / 0.4) if f.calls >= 10 else 0.0
    hours = f"{_hour(rules.evening_from_hour)} and {_hour(rules.morning_hour)}"
    return [
        Indicator(
            "dispatch",
            0.4,
            _clamp(f.outbound_calls / rules.dispatch_full_calls) if small else 0.0,
            f"rings only a small set of {_numbers(outbound)} ({f.outbound_calls} calls) "
            f"while {_numbers(f.inbound_contacts)} contact it",
        ),
        Indicator(
            "responders",
            0.1,
            f.response_share,
            f"{f.flare_responders} of the {f.flare_audience} numbers sent its bulk texts "
            "contacted it",
        ),
        Indicator(
            "inbound_contacts",
            0.2,
            _clamp(f.inbound_contacts / rules.serve_full_inbound),
            f"contacted by {f.inbound_contacts} different numbers",
        ),
        Indicator(
            "short_calls",
            0.1,
            short,
            f"{round(100 * f.short_call_share)}% of its {f.calls} calls lasted under "
            f"{rules.short_call_s} seconds",
        ),
        Indicator(
            "evening_activity",
            0.1,
            _clamp(f.evening_share / 0.4),
            f"{round(100 * f.evening_share)}% of its activity is between {hours}",
        ),
        Indicator(
            "handsets",
            0.1,
            _clamp((len(f.handsets) - 1) / 2),
            f"used in {len(f.handsets)} different handsets",
        ),
    ]


def indicators(figures: NumberFigures, rules: DealLineRules) -> list[Indicator]:
    return [advertising(figures, rules), *operation(figures, rules)]


def score(figures: NumberFigures, rules: DealLineRules) -> tuple[float, list[str]]:
    """The score in [0, 1] and the reasons for it: advertising first, then the rest by weight."""
    advert, *worked = indicators(figures, rules)
    worked_strength = sum(i.weight * i.strength for i in worked)
    total = round(_clamp(advert.strength * (0.3 + 0.7 * worked_strength)), 3)
    # Without advertising nothing else counts, so nothing else is said.
    if advert.strength == 0:
        return total, []
    present = sorted((i for i in worked if i.strength >= 0.5), key=lambda i: -i.weight)
    return total, [advert.reason, *(i.reason for i in present)]
