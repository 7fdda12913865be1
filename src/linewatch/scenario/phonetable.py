"""The world's phones as arrays, and a day's events as arrays: what the traffic generator
fills and the production writer turns into Arrow tables."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from linewatch.scenario.numbers import OPERATORS
from linewatch.scenario.world import World

CALL, SMS = 0, 1
SCHEMA = pa.schema(
    [
        ("timestamp", pa.timestamp("us", tz="UTC")),
        ("calling_number", pa.string()),
        ("called_number", pa.string()),
        ("event_type", pa.string()),
        ("duration_s", pa.int32()),
        ("imei", pa.string()),
        ("imsi", pa.string()),
        ("cell_id", pa.string()),
        ("cell_latitude", pa.float64()),
        ("cell_longitude", pa.float64()),
        ("is_synthetic", pa.bool_()),
    ]
)


def _weights(values: list[int] | list[float]) -> np.ndarray:
    """The cumulative distribution of an hour-of-day profile."""
    w = np.asarray(values, dtype=float)
    return np.cumsum(w / w.sum())


# Hour-of-day profiles (as CDFs): customers and line staff work afternoons, evenings and nights.
HOURS_LINE = _weights(
    [3, 2, 1.5, 1, 0.5, 0.3, 0.3, 0.5, 1, 1.5, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 8, 7, 6, 4]
)
HOURS_ORDINARY = _weights(
    [0.3, 0.1, 0.1, 0.1, 0.1, 0.3, 1, 3, 5, 6, 6, 6, 7, 6, 6, 6, 6, 7, 8, 8, 7, 5, 3, 1]
)
HOURS_TAXI = _weights([6, 5, 3, 1, 0.5, 0.5, 1, 2, 2, 1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 7, 8, 8, 7])
HOURS_TAKEAWAY = _weights([0] * 16 + [2, 5, 9, 10, 8, 5, 3, 0])
HOURS_GP = _weights([0] * 8 + [12, 8, 5, 4, 3, 3, 3, 3, 2, 1] + [0] * 6)
HOURS_TEXTER = _weights(
    [4, 3, 1, 0.5, 0.2, 0.2, 0.5, 1, 1, 1, 1, 2, 2, 2, 3, 4, 4, 5, 6, 7, 8, 8, 7, 6]
)


class Batch:
    """Events waiting to be written, as lists of parallel arrays."""

    def __init__(self) -> None:
        self.t: list[np.ndarray] = []
        self.a: list[np.ndarray] = []
        self.b: list[np.ndarray] = []
        self.kind: list[np.ndarray] = []
        self.dur: list[np.ndarray] = []
        self.rows = 0

    def add(
        self, t: np.ndarray, a: np.ndarray, b: np.ndarray, kind: np.ndarray, dur: np.ndarray
    ) -> None:
        if len(t):
            self.t.append(t.astype(np.int64))
            self.a.append(a.astype(np.int32))
            self.b.append(b.astype(np.int32))
            self.kind.append(kind.astype(np.int8))
            self.dur.append(dur.astype(np.int32))
            self.rows += len(t)

    def __len__(self) -> int:
        return self.rows


class PhoneTable:
    """The world's phones as arrays, for vectorised look-ups of number, handset and cell."""

    def __init__(self, world: World, rng: np.random.Generator) -> None:
        self.world = world
        self.numbers = sorted(world.phones)
        self.index = {n: i for i, n in enumerate(self.numbers)}
        n = len(self.numbers)
        phones = [world.phones[x] for x in self.numbers]
        self.operator = np.array([OPERATORS.index(p.operator) for p in phones], dtype=np.int8)
        self.start = np.array([(p.start - world.start).days for p in phones])
        self.end = np.array([(p.end - world.start).days if p.end else 10**6 for p in phones])
        self.arrow_numbers = pa.array(self.numbers, pa.string())
        # Handset spells sorted by (phone, start): a search gives the spell of an event.
        keys, imeis, imsis = [], [], []
        for i, p in enumerate(phones):
            for s in p.spells:
                keys.append(i * 1_000_000 + (s.start - world.start).days + 500)
                imeis.append(s.imei)
                imsis.append(s.imsi)
        self.spell_key = np.array(keys, dtype=np.int64)
        self.spell_phone = self.spell_key // 1_000_000
        self.imei = pa.array(imeis, pa.string())
        self.imsi = pa.array(imsis, pa.string())
        cells = world.cells
        self.cell_id = pa.array([c.cell_id for c in cells], pa.string())
        self.cell_lat = np.array([c.latitude for c in cells])
        self.cell_lon = np.array([c.longitude for c in cells])
        by_area: dict[str, list[int]] = {}
        for i, c in enumerate(cells):
            by_area.setdefault(c.area, []).append(i)
        self.home_cells = np.full((n, 3), -1, dtype=np.int32)
        self.work_cells = np.full((n, 3), -1, dtype=np.int32)
        self.work_from = np.full(n, 10**6)
        self.work_to = np.full(n, -1)
        fixed = np.array([not p.spells for p in phones])
        for i, p in enumerate(phones):
            if fixed[i]:
                continue
            home = by_area[p.area]
            self.home_cells[i, :] = [home[j % len(home)] for j in range(3)]
        for line in world.lines:
            work = by_area[line.base_town]
            for key, (start, end) in line.runner_spells.items():
                for number in world.people[key].phones:
                    i = self.index[number]
                    self.work_cells[i, :] = [work[j % len(work)] for j in range(3)]
                    self.work_from[i] = (start - world.start).days
                    self.work_to[i] = (end - world.start).days if end else 10**6
        self.fixed = fixed
        self.rng = rng

    def live(self, idx: np.ndarray, day: int) -> np.ndarray:
        alive: np.ndarray = idx[(self.start[idx] <= day) & (day < self.end[idx])]
        return alive

    def table(
        self,
        t: np.ndarray,
        a: np.ndarray,
        b: np.ndarray,
        kind: np.ndarray,
        dur: np.ndarray,
        day0: int,
    ) -> pa.Table:
        rng = self.rng
        days = (t - day0) // 86400
        key = a.astype(np.int64) * 1_000_000 + days + 500
        pos = np.searchsorted(self.spell_key, key, side="right") - 1
        has = (pos >= 0) & (self.spell_phone[np.clip(pos, 0, None)] == a) & ~self.fixed[a]
        # Operator "c" returns no IMEI for text messages.
        no_imei = (self.operator[a] == 2) & (kind == SMS)
        imei_idx = pa.array(np.where(has, pos, 0), mask=~has | no_imei)
        imsi_idx = pa.array(np.where(has, pos, 0), mask=~has)
        at_work = (
            (self.work_from[a] <= days) & (days < self.work_to[a]) & (rng.random(len(a)) < 0.85)
        )
        pick = rng.integers(0, 3, len(a))
        cell = np.where(at_work, self.work_cells[a, pick], self.home_cells[a, pick])
        no_cell = cell < 0
        cell_idx = pa.array(np.where(no_cell, 0, cell), mask=no_cell)
        return pa.table(
            {
                "timestamp": pa.array(t * 1_000_000, pa.timestamp("us", tz="UTC")),
                "calling_number": self.arrow_numbers.take(pa.array(a)),
                "called_number": self.arrow_numbers.take(pa.array(b)),
                "event_type": pa.array(np.where(kind == SMS, "SMS", "CALL")),
                "duration_s": pa.array(np.where(kind == SMS, 0, dur).astype(np.int32)),
                "imei": self.imei.take(imei_idx),
                "imsi": self.imsi.take(imsi_idx),
                "cell_id": self.cell_id.take(cell_idx),
                "cell_latitude": pa.array(self.cell_lat[np.where(no_cell, 0, cell)], mask=no_cell),
                "cell_longitude": pa.array(self.cell_lon[np.where(no_cell, 0, cell)], mask=no_cell),
                "is_synthetic": pa.array(np.ones(len(a), dtype=bool)),
            },
            schema=SCHEMA,
        )
