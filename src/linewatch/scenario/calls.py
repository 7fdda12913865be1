"""Call data records: one Parquet file per production, streamed day by day.

Each production is one network operator's return for a sub-world: every call or SMS whose
calling party is on that operator, with the calling party's handset, SIM and serving cell.
Events are made a day at a time with numpy, buffered until ``chunk_rows`` are waiting, then
sorted and written as a row group, so memory holds one chunk however many rows a run writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from linewatch.scenario.config import Scale
from linewatch.scenario.numbers import OPERATORS
from linewatch.scenario.phonetable import SCHEMA, Batch, PhoneTable
from linewatch.scenario.traffic import Traffic
from linewatch.scenario.world import World

# Days of traffic made at once: enough for numpy to pay off, few enough to bound memory.
BLOCK_DAYS = 14


@dataclass
class Production:
    production_id: str
    path: Path
    rows: int = 0
    row_groups: int = 0


class ProductionWriter:
    """One ParquetWriter per operator; each flush writes at most ``chunk_rows`` rows per
    row group, sorted by time."""

    def __init__(
        self,
        folder: Path,
        ids: list[str],
        table: PhoneTable,
        chunk_rows: int,
        day0: int,
        end: int,
    ) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.table = table
        self.chunk_rows = chunk_rows
        self.day0 = day0
        # Nothing happens on or after the scenario's "today" (a late text can spill past it).
        self.end = end
        self.productions = [Production(pid, folder / f"{pid}.parquet") for pid in ids]
        self.writers = [
            pq.ParquetWriter(p.path, SCHEMA, compression="zstd") for p in self.productions
        ]

    def flush(self, batch: Batch) -> None:
        if not len(batch):
            return
        t = np.concatenate(batch.t)
        a = np.concatenate(batch.a)
        b = np.concatenate(batch.b)
        kind = np.concatenate(batch.kind)
        dur = np.concatenate(batch.dur)
        order = np.lexsort((b, a, t))
        order = order[t[order] < self.end]
        t, a, b, kind, dur = t[order], a[order], b[order], kind[order], dur[order]
        ops = self.table.operator[a]
        for k, (writer, production) in enumerate(zip(self.writers, self.productions, strict=True)):
            sel = ops == k
            if not sel.any():
                continue
            arrow = self.table.table(t[sel], a[sel], b[sel], kind[sel], dur[sel], self.day0)
            writer.write_table(arrow, row_group_size=self.chunk_rows)
            production.rows += arrow.num_rows
            production.row_groups += -(-arrow.num_rows // self.chunk_rows)

    def close(self) -> list[Production]:
        for writer in self.writers:
            writer.close()
        return self.productions


def write_calls(
    world: World,
    folder: Path,
    first_production: int,
    rng: np.random.Generator,
    scale: Scale,
    target: int | None,
    tick: Callable[[int], None] | None = None,
) -> list[Production]:
    """Write a sub-world's call records, one production per operator, aiming at ``target``
    rows when it is given."""
    chunk_rows = scale.chunk_rows
    table = PhoneTable(world, rng)
    tag = f"-w{world.index:02d}" if world.prefix else ""
    ids = [f"P-{first_production + k:04d}{tag}-network-{op}" for k, op in enumerate(OPERATORS)]
    day0 = int(datetime.combine(world.start, datetime.min.time(), tzinfo=UTC).timestamp())
    days = (world.as_of - world.start).days
    writer = ProductionWriter(folder, ids, table, chunk_rows, day0, day0 + days * 86400)
    traffic = Traffic(world, table, rng, scale, day0)
    days = (world.as_of - world.start).days
    batch = Batch()
    made = 0
    for lo in range(0, days, BLOCK_DAYS):
        hi = min(days, lo + BLOCK_DAYS)
        before = len(batch)
        traffic.block(batch, lo, hi)
        count = None
        if target is not None:
            # Fill with ordinary traffic so the run lands near its target however busy the
            # lines were in this block.
            share = (target - made) * (hi - lo) / (days - lo)
            count = max(0, round(share - (len(batch) - before)))
        traffic.ordinary(batch, lo, hi, count)
        made += len(batch) - before
        if len(batch) >= chunk_rows:
            writer.flush(batch)
            batch = Batch()
        if tick:
            tick(made)
    writer.flush(batch)
    return writer.close()
