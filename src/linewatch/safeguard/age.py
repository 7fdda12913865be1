"""Whether a person is a child at a given date, or must be presumed one (MSA 2015 s.51).

Sources can disagree on a date of birth; a person any source places under 18 may be under 18,
and so is presumed a child until their age is assessed. An estimated age is read with a margin,
because an estimate of 19 is a reasonable ground to think the person may be 17.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, select

from linewatch.safeguard.clock import aware
from linewatch.store import tables
from linewatch.types.dates import ADULT_AGE, AGE_ESTIMATE_MARGIN, age_on


@dataclass(frozen=True)
class AgeStatus:
    age: int | None
    is_child: bool
    presumed_child: bool
    basis: str
    estimated: bool = False

    @property
    def treated_as_child(self) -> bool:
        return self.is_child or self.presumed_child

    @property
    def unknown(self) -> bool:
        return self.age is None

    @property
    def uncertain(self) -> bool:
        """No date of birth: the age is unknown or only estimated."""
        return self.unknown or self.estimated


UNKNOWN = AgeStatus(None, False, False, "age not known")


def _years(born: date, on: date) -> int:
    """Completed years, or 0 for a date before birth (a record made before a correction)."""
    return age_on(born, on) if on >= born else 0


def age_status(conn: Connection, entity_ids: set[str], at: datetime) -> AgeStatus:
    """The age of the person these (merged) entity ids describe, at ``at``."""
    if not entity_ids:
        return UNKNOWN
    s = tables.statements
    rows = conn.execute(
        select(s.c.prop, s.c.value, s.c.observed_at, s.c.created_at).where(
            s.c.entity_id.in_(sorted(entity_ids)),
            s.c.prop.in_(["date_of_birth", "estimated_age"]),
        )
    ).all()
    births: set[date] = set()
    estimates: list[int] = []
    on = aware(at).date()
    for prop, value, observed_at, created_at in rows:
        if prop == "date_of_birth":
            births.add(date.fromisoformat(value))
            continue
        seen = aware(observed_at or created_at).date()
        estimates.append(int(float(value)) + max(0, _years(seen, on)))
    if births:
        ages = sorted(_years(born, on) for born in births)
        youngest, oldest = ages[0], ages[-1]
        basis = "date of birth" if len(ages) == 1 else f"dates of birth disagree ({len(ages)})"
        if oldest < ADULT_AGE:
            return AgeStatus(youngest, True, False, basis)
        return AgeStatus(youngest, False, youngest < ADULT_AGE, basis)
    if estimates:
        youngest = min(estimates)
        presumed = youngest < ADULT_AGE + AGE_ESTIMATE_MARGIN
        return AgeStatus(youngest, False, presumed, "estimated age", estimated=True)
    return UNKNOWN
