"""The patrol plan: the areas to patrol in a shift, when, and why, ranked.

Areas come from the hotspots. Each area's patrol time is its busiest two hours of the day by
the recency-weighted events placed there (local time); the shift is the run of
``patrol_shift_hours`` hours that covers most of the top areas' events. A month-on-month
count shows whether each area is getting busier.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from linewatch import settings
from linewatch.access import Access, Permission
from linewatch.model import AuditOperation
from linewatch.tasking import signals as sig
from linewatch.tasking.hotspots import Locator, decay, score_layer

LOCAL = ZoneInfo("Europe/London")
PATROL_HOURS = 2


@dataclass(frozen=True)
class PatrolArea:
    rank: int
    code: str
    name: str
    place: str
    level: str
    score: float
    start_hour: int
    end_hour: int
    share_in_window: float
    events: int
    hours: list[float]
    this_month: int
    last_month: int
    reasons: list[str]


@dataclass
class PatrolPlan:
    as_of: date
    shift_start: int
    shift_end: int
    shift_share: float
    areas: list[PatrolArea] = field(default_factory=list)
    this_month_label: str = ""
    last_month_label: str = ""
    this_month: dict[str, int] = field(default_factory=dict)
    last_month: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def busiest_window(hours: list[float], width: int) -> tuple[int, float]:
    """The start hour of the ``width`` hours (wrapping past midnight) holding most weight,
    and the share of the day's weight inside it."""
    total = sum(hours)
    if total <= 0:
        return 0, 0.0
    # On a tie, start where the events start rather than an empty hour before them.
    best = max(
        range(24),
        key=lambda h: (sum(hours[(h + i) % 24] for i in range(width)), hours[h] > 0, -h),
    )
    inside = sum(hours[(best + i) % 24] for i in range(width))
    return best, inside / total


def month_bounds(as_of: date) -> tuple[date, date, date]:
    """The first day of the month before, of this month, and the day after ``as_of``."""
    this_start = as_of.replace(day=1)
    last_start = (this_start - timedelta(days=1)).replace(day=1)
    return last_start, this_start, as_of + timedelta(days=1)


KIND_LABELS = {
    sig.REPORT: "Intelligence reports placed",
    sig.FLAGGED_VEHICLE: "Reads of flagged vehicles",
    sig.BREACH: "Possible bail breach reads",
    sig.CUCKOOING: "Addresses assessed at risk",
}


def patrol_plan(access: Access, as_of: date | None = None, areas: int = 6) -> PatrolPlan:
    """Ranked patrol areas and times for a shift as of a day, with month-on-month counts."""
    access.require(Permission.VIEW_PICTURE)
    day = as_of or datetime.now(UTC).date()
    shift = int(settings.get("patrol_shift_hours"))
    with access.store.begin() as conn:
        found, newest = sig.gather(conn, day)
        # The month comparison needs last month whole, whatever the half-life window holds.
        extra_start = datetime.combine(month_bounds(day)[0], time.min, UTC)
        window_start = min((s.at for s in found if s.kind != sig.CRIME), default=extra_start)
        if extra_start < window_start:
            found = found + [
                s
                for s in sig.gather_between(conn, extra_start, window_start)
                if s.kind in (sig.REPORT, sig.FLAGGED_VEHICLE, sig.BREACH)
            ]
        ranked = [h for h in score_layer("lsoa", found, day, newest) if h.level != "NONE"]
        access.log(
            conn,
            AuditOperation.CONSULTATION,
            [f"aggregate:tasking.patrol_plan:{day}"],
        )
    moment = datetime.combine(day, time.max, UTC)
    last_start, this_start, end = month_bounds(day)
    locate = Locator("lsoa")
    half_life = sig.half_life_days()
    hours: dict[str, list[float]] = defaultdict(lambda: [0.0] * 24)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    kinds_this: Counter[str] = Counter()
    kinds_last: Counter[str] = Counter()
    for signal in found:
        if signal.kind in (sig.CRIME, sig.CUCKOOING):
            continue  # a month of publication or an assessment date has no hour of day
        code = locate(signal.latitude, signal.longitude)
        if code is None:
            continue
        local = signal.at.astimezone(LOCAL)
        if signal.at <= moment:
            hours[code][local.hour] += decay(signal, moment, None, half_life)
        if this_start <= local.date() < end:
            counts[code]["this"] += 1
            kinds_this[signal.kind] += 1
        elif last_start <= local.date() < this_start:
            counts[code]["last"] += 1
            kinds_last[signal.kind] += 1
    top = ranked[:areas]
    overall = [sum(hours[h.code][i] for h in top) for i in range(24)]
    shift_start, shift_share = busiest_window(overall, shift)
    plan = PatrolPlan(
        day,
        shift_start,
        (shift_start + shift) % 24,
        round(shift_share, 3),
        this_month_label=f"{this_start:%B %Y} to {day:%d %b}",
        last_month_label=f"{last_start:%B %Y}",
        this_month={KIND_LABELS[k]: kinds_this[k] for k in KIND_LABELS if k != sig.CUCKOOING},
        last_month={KIND_LABELS[k]: kinds_last[k] for k in KIND_LABELS if k != sig.CUCKOOING},
    )
    for rank, spot in enumerate(top, start=1):
        area_hours = hours[spot.code]
        start, share = busiest_window(area_hours, PATROL_HOURS)
        timed = sum(area_hours) > 0
        when = (
            f"{round(share * 100)}% of its recent events (weighted by recency) fell between "
            f"{start:02d}:00 and {(start + PATROL_HOURS) % 24:02d}:00"
            if timed
            else "no timed events: patrol time follows the shift"
        )
        plan.areas.append(
            PatrolArea(
                rank,
                spot.code,
                spot.name,
                spot.place,
                spot.level,
                spot.score,
                start if timed else shift_start,
                (start + PATROL_HOURS) % 24 if timed else (shift_start + PATROL_HOURS) % 24,
                round(share, 3),
                sum(v for k, v in spot.counts.items() if k != sig.CRIME),
                [round(h, 3) for h in area_hours],
                counts[spot.code]["this"],
                counts[spot.code]["last"],
                [when, *spot.reasons[:3]],
            )
        )
    return plan
