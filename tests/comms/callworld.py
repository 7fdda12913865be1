"""Call data for tests: productions written with pyarrow in the format of docs/formats.md.

``call_world`` is a small synthetic town: two deal lines (with customers, runners and a
holder) and the numbers most likely to be mistaken for one: a taxi firm (and the mobile it
texts customers from), a takeaway and a GP surgery that many people ring, people who text all
day, and someone who sends one group text to a crowd. Every number is in an Ofcom drama
range.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from stdnum import luhn

START = datetime(2026, 1, 5, tzinfo=UTC)
DAYS = 42

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


def mobile(n: int) -> str:
    return f"+447700900{n:03d}"


def imei(serial: int) -> str:
    body = f"35209900{serial:06d}"
    return body + luhn.calc_check_digit(body)


def event(
    at: datetime,
    calling: str | None,
    called: str | None,
    kind: str = "CALL",
    duration: int | None = None,
    handset: str | None = None,
) -> dict[str, Any]:
    return {
        "timestamp": at,
        "calling_number": calling,
        "called_number": called,
        "event_type": kind,
        "duration_s": (0 if kind.upper() == "SMS" else 60) if duration is None else duration,
        "imei": handset,
        "imsi": None,
        "cell_id": "RUT-0001",
        "cell_latitude": 52.67,
        "cell_longitude": -0.73,
        "is_synthetic": True,
    }


def write_production(rows: list[dict[str, Any]], path: Path, schema: pa.Schema = SCHEMA) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)
    return path


@dataclass
class CallWorld:
    lines: list[str]
    runners: dict[str, list[str]]
    holders: dict[str, str]
    customers: dict[str, list[str]]
    confounders: dict[str, str]
    handsets: dict[str, list[str]]
    rows: list[dict[str, Any]] = field(default_factory=list)

    def write(self, folder: Path, production_id: str = "P-0001-test") -> Path:
        return write_production(self.rows, folder / f"{production_id}.parquet")


def _at(rng: random.Random, day: int, first_hour: int, last_hour: int) -> datetime:
    seconds = rng.randint(first_hour * 3600, last_hour * 3600 - 1)
    return START + timedelta(days=day, seconds=seconds)


def build_world(seed: int = 7) -> CallWorld:
    rng = random.Random(seed)
    lines = [mobile(1), mobile(2)]
    world = CallWorld(
        lines=lines,
        runners={lines[0]: [mobile(20), mobile(21), mobile(22)], lines[1]: [mobile(24)]},
        holders={lines[0]: mobile(10), lines[1]: mobile(11)},
        customers={
            lines[0]: [mobile(100 + i) for i in range(40)],
            lines[1]: [mobile(200 + i) for i in range(12)],
        },
        confounders={
            "taxi firm": "+441164960100",
            "taxi texts": mobile(730),
            "takeaway": "+441632960200",
            "GP surgery": "+441164960500",
            "heavy texter": mobile(700),
            "chatty texter": mobile(701),
            "group texter": mobile(720),
        },
        handsets={lines[0]: [imei(1), imei(2), imei(3)], lines[1]: [imei(4)]},
    )
    rows = world.rows
    for line in lines:
        _deal_line(rng, world, line, rows)
    _businesses(rng, world, rows)
    _texters(rng, world, rows)
    return world


def _deal_line(rng: random.Random, world: CallWorld, line: str, rows: list[dict[str, Any]]) -> None:
    customers, runners = world.customers[line], world.runners[line]
    handsets = world.handsets[line]
    for day in range(DAYS):
        handset = handsets[min(len(handsets) - 1, day * len(handsets) // DAYS)]
        if day % 3 == 0:  # a flare: the same advert to most customers, a second apart
            sent = _at(rng, day, 17, 20)
            for i, customer in enumerate(rng.sample(customers, int(len(customers) * 0.7))):
                rows.append(
                    event(sent + timedelta(seconds=i), line, customer, "SMS", None, handset)
                )
        for customer in customers:
            if rng.random() < 0.3:  # an order: a short call or a text, mostly evening
                at = _at(rng, day, 11, 24)
                if rng.random() < 0.6:
                    rows.append(event(at, customer, line, "CALL", rng.randint(8, 45)))
                else:
                    rows.append(event(at, customer, line, "SMS"))
                    reply = at + timedelta(minutes=2)
                    rows.append(event(reply, line, customer, "SMS", None, handset))
        for _ in range(6):  # sending runners to the orders
            runner = rng.choice(runners)
            rows.append(
                event(_at(rng, day, 12, 24), line, runner, "CALL", rng.randint(20, 90), handset)
            )
        holder = world.holders[line]
        rows.append(event(_at(rng, day, 10, 22), holder, line, "CALL", rng.randint(60, 400)))


def _businesses(rng: random.Random, world: CallWorld, rows: list[dict[str, Any]]) -> None:
    taxi, takeaway, gp = (world.confounders[k] for k in ("taxi firm", "takeaway", "GP surgery"))
    taxi_customers = [mobile(310 + i) for i in range(90)]
    drivers = [mobile(300 + i) for i in range(8)]
    takeaway_customers = [mobile(400 + i) for i in range(80)]
    patients = [mobile(500 + i) for i in range(120)]
    for day in range(DAYS):
        for _ in range(40):  # bookings, mostly evening; a driver is rung for each
            booked = _at(rng, day, 16, 24)
            customer = rng.choice(taxi_customers)
            rows.append(event(booked, customer, taxi, "CALL", rng.randint(15, 70)))
            # "Your car is outside", from the firm's mobile: a few at a time at busy hours.
            outside = booked + timedelta(seconds=rng.randint(300, 1500))
            rows.append(event(outside, world.confounders["taxi texts"], customer, "SMS"))
            rows.append(
                event(_at(rng, day, 0, 24), taxi, rng.choice(drivers), "CALL", rng.randint(10, 40))
            )
        for _ in range(25):  # evening orders
            rows.append(
                event(
                    _at(rng, day, 17, 23),
                    rng.choice(takeaway_customers),
                    takeaway,
                    "CALL",
                    rng.randint(40, 150),
                )
            )
        if day % 7 < 5:
            for _ in range(50):  # appointments, in surgery hours, some called back
                patient = rng.choice(patients)
                rows.append(event(_at(rng, day, 8, 18), patient, gp, "CALL", rng.randint(60, 400)))
                if rng.random() < 0.2:
                    rows.append(
                        event(_at(rng, day, 8, 18), gp, patient, "CALL", rng.randint(60, 300))
                    )


def _texters(rng: random.Random, world: CallWorld, rows: list[dict[str, Any]]) -> None:
    heavy, chatty, group = (
        world.confounders[k] for k in ("heavy texter", "chatty texter", "group texter")
    )
    friends = [mobile(600 + i) for i in range(8)]
    crowd = [mobile(800 + i) for i in range(30)]
    for day in range(DAYS):
        for _ in range(60):  # all day, back and forth with a few friends
            friend = rng.choice(friends)
            at = _at(rng, day, 7, 24)
            rows.append(event(at, heavy, friend, "SMS"))
            rows.append(event(at + timedelta(seconds=40), friend, heavy, "SMS"))
        start = _at(rng, day, 19, 22)  # rapid-fire evening chat: many texts, few people
        for i in range(30):
            rows.append(event(start + timedelta(seconds=5 * i), chatty, friends[i % 4], "SMS"))
        if rng.random() < 0.3:
            rows.append(event(_at(rng, day, 9, 21), rng.choice(crowd), group, "CALL", 120))
    party = START + timedelta(days=20, hours=19)
    for i, guest in enumerate(crowd):  # one invitation to everyone, on one day
        rows.append(event(party + timedelta(seconds=i), group, guest, "SMS"))
