"""The communications of a sub-world: what a deal line, its customers and staff, the
businesses and everyone else do on the phone, made for a block of days at a time.

Deal lines flare (bulk SMS from one number to many customers inside a minute or two, most
days); customers call and text the line, mostly afternoon to night; the line calls out only
to its runners and holder. The controller directs from a phone of their own: in touch with
the holder most days and with the runners on shift, and only now and then with the line
itself, to check on it. The storekeeper hears from the runners on shift. The confounders a
naive detector would flag are here on purpose: a taxi firm and a takeaway with many short
inbound calls, a takeaway's weekly promotion and a GP surgery's appointment reminders sent in
bulk, and a few people who text all day long.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from linewatch.scenario.config import Scale
from linewatch.scenario.phonetable import (
    CALL,
    HOURS_GP,
    HOURS_LINE,
    HOURS_ORDINARY,
    HOURS_TAKEAWAY,
    HOURS_TAXI,
    HOURS_TEXTER,
    SMS,
    Batch,
    PhoneTable,
)
from linewatch.scenario.places import HUBS
from linewatch.scenario.world import World

_NEVER = 10**6
# Contacts a day from the controller's own phone to the line: checking on it, not working it.
CHECK_IN_RATE = 0.12
_HUB_NAMES = {h.name for h in HUBS}


class LineTraffic:
    """One line's phones as arrays, and its deal number for every day of the year."""

    def __init__(self, world: World, table: PhoneTable, line_index: int, days: int) -> None:
        line = world.lines[line_index]

        def rel(day: date | None) -> int:
            return (day - world.start).days if day is not None else _NEVER

        ix = table.index
        self.deal = np.full(days, -1)
        for spell in line.numbers:
            lo, hi = max(0, rel(spell.start)), min(days, rel(spell.end))
            self.deal[lo:hi] = ix[spell.number]
        lo, hi = max(0, rel(line.active_from)), min(days, rel(line.quiet_from()))
        active = np.zeros(days, dtype=bool)
        active[lo:hi] = True
        self.deal[~active] = -1
        self.cust = np.array([ix[c.number] for c in line.customers])
        self.cust_start = np.array([rel(c.start) for c in line.customers])
        self.cust_end = np.array([rel(c.end) for c in line.customers])
        self.cust_rate = np.array([c.rate for c in line.customers])
        self.runners = np.array([ix[n] for r in line.runners for n in world.people[r].phones])
        self.holder = np.array([ix[n] for n in world.people[line.holder].phones])
        self.controller = np.array([ix[n] for n in world.people[line.controller].phones])
        self.store = np.array([ix[n] for n in world.people[line.storekeeper].phones])


class Traffic:
    def __init__(
        self, world: World, table: PhoneTable, rng: np.random.Generator, scale: Scale, t0: int
    ) -> None:
        self.world = world
        self.table = table
        self.rng = rng
        self.flare_days = scale.flare_days
        self.flare_share = scale.flare_share
        self.staff = scale.staff_activity
        self.t0 = t0
        # The controller's check-ins come from a stream of their own, spawned without drawing
        # from ``rng``, so adding them leaves the rest of the traffic's draws as they were.
        self.checks = rng.spawn(1)[0]
        ordinary_rate = scale.ordinary_rate
        days = (world.as_of - world.start).days
        self.lines = [LineTraffic(world, table, i, days) for i in range(len(world.lines))]
        ix = table.index
        social = sorted(world.contacts)
        self.social = np.array([ix[n] for n in social])
        rates = []
        offsets = [0]
        targets: list[int] = []
        staff = {n for p in world.people.values() if p.roles for n in p.phones}
        for n in social:
            targets += [ix[c] for c in world.contacts[n]]
            offsets.append(len(targets))
            rates.append(
                self.staff if n in staff else float(rng.lognormal(np.log(ordinary_rate), 0.8))
            )
        self.rates = np.array(rates)
        self.offsets = np.array(offsets)
        self.targets = np.array(targets, dtype=np.int32)
        self.texters = [(ix[a], ix[b]) for a, b in world.heavy_texters]
        rutland = np.array(
            [ix[n] for n in world.subscribers if world.phones[n].area not in _HUB_NAMES]
        )
        self.business: dict[str, tuple[int, int, np.ndarray]] = {}
        for b in world.businesses:
            share = {"TAXI_FIRM": 0.6, "TAKEAWAY": 0.4, "GP_SURGERY": 0.5}[b.kind]
            pool = rng.choice(rutland, size=max(3, int(len(rutland) * share)), replace=False)
            self.business[b.kind] = (ix[b.numbers[0]], ix[b.numbers[1]], np.sort(pool))
        # Business volumes follow the size of the place.
        self.busy = max(0.05, len(world.subscribers) / 450) ** 1.5
        self.weekday = np.array([(world.start.toordinal() + d) % 7 for d in range(days)])
        # date.toordinal() % 7 is 0 on a Sunday; shift so Monday is 0 as in date.weekday().
        self.weekday = (self.weekday + 6) % 7

    # ---- helpers ------------------------------------------------------------------------

    def times(self, days: np.ndarray, hours: np.ndarray) -> np.ndarray:
        """A moment on each of ``days``, its hour drawn from a profile's CDF."""
        n = len(days)
        h = np.minimum(np.searchsorted(hours, self.rng.random(n), side="right"), 23)
        moments: np.ndarray = (
            self.t0 + days.astype(np.int64) * 86400 + h * 3600 + self.rng.integers(0, 3600, n)
        )
        return moments

    def durations(self, n: int, median: float, sigma: float, low: int, high: int) -> np.ndarray:
        d = self.rng.lognormal(np.log(median), sigma, n)
        return np.clip(d, low, high).astype(np.int32)

    def mixed(
        self,
        batch: Batch,
        t: np.ndarray,
        a: np.ndarray,
        b: np.ndarray,
        sms_share: float,
        median: float,
    ) -> None:
        n = len(t)
        kind = np.where(self.rng.random(n) < sms_share, SMS, CALL)
        batch.add(t, a, b, kind, self.durations(n, median, 0.7, 3, 1800))

    def alive(self, phones: np.ndarray, days: np.ndarray) -> np.ndarray:
        """[phones, days] mask of phones in service on each day."""
        start = self.table.start[phones][:, None]
        end = self.table.end[phones][:, None]
        mask: np.ndarray = (start <= days[None, :]) & (days[None, :] < end)
        return mask

    def between(
        self,
        batch: Batch,
        days: np.ndarray,
        mask: np.ndarray,
        phones: np.ndarray,
        other: np.ndarray,
        rate: float,
        sms: float,
        median: float,
        outward: bool,
    ) -> None:
        """Calls between each of ``phones`` and a per-day partner (``other`` per day, -1 for
        none) at ``rate`` a day where ``mask`` holds."""
        if not len(phones):
            return
        counts = self.rng.poisson(rate * self.staff * mask)
        i, j = np.nonzero(counts)
        reps = counts[i, j]
        src = np.repeat(phones[i], reps)
        day = np.repeat(days[j], reps)
        dst = other[day - days[0]]
        if outward:
            src, dst = dst, src
        self.mixed(batch, self.times(day, HOURS_LINE), src, dst, sms, median)

    # ---- a block of days ----------------------------------------------------------------

    def block(self, batch: Batch, lo: int, hi: int) -> None:
        days = np.arange(lo, hi)
        for line in self.lines:
            self.line(batch, line, days)
        self.texting(batch, days)
        self.businesses(batch, days)

    def line(self, batch: Batch, line: LineTraffic, days: np.ndarray) -> None:
        rng = self.rng
        deal = line.deal[days]
        on = deal >= 0
        if not on.any():
            return
        live = (
            (line.cust_start[:, None] <= days[None, :])
            & (days[None, :] < line.cust_end[:, None])
            & on[None, :]
        )
        # Flares: one sender, many recipients, seconds apart, on most days.
        flares = (
            (rng.random(len(days)) < self.flare_days).astype(int) + (rng.random(len(days)) < 0.12)
        ) * on
        flare_day = np.repeat(days, flares)
        if len(flare_day) and len(line.cust):
            k = flare_day - days[0]
            start = (
                self.t0
                + flare_day.astype(np.int64) * 86400
                + rng.choice([10, 11, 12, 13, 16, 17, 18, 19], len(k)) * 3600
                + rng.integers(0, 3000, len(k))
            )
            spread = rng.integers(30, 110, len(k))
            sent = live[:, k].T & (rng.random((len(k), len(line.cust))) < self.flare_share)
            f, c = np.nonzero(sent)
            t = start[f] + (rng.random(len(f)) * spread[f]).astype(np.int64)
            n = len(f)
            batch.add(t, deal[k[f]], line.cust[c], np.full(n, SMS), np.zeros(n))
        # Customers ring and text the line.
        counts = rng.poisson(line.cust_rate[:, None] * live)
        i, j = np.nonzero(counts)
        reps = counts[i, j]
        callers = np.repeat(line.cust[i], reps)
        day = np.repeat(days[j], reps)
        self.mixed(batch, self.times(day, HOURS_LINE), callers, deal[day - days[0]], 0.45, 25)
        # The line's own calls: out to runners on shift and to the holder, and back.
        t = self.table
        shift = (
            self.alive(line.runners, days)
            & on[None, :]
            & (t.work_from[line.runners][:, None] <= days[None, :])
        )
        self.between(batch, days, shift, line.runners, deal, 3.0, 0.4, 30, outward=True)
        self.between(batch, days, shift, line.runners, deal, 1.5, 0.3, 40, outward=False)
        holder = self.alive(line.holder, days) & on[None, :]
        self.between(batch, days, holder, line.holder, deal, 0.8, 0.3, 60, outward=True)
        self.between(batch, days, holder, line.holder, deal, 0.5, 0.3, 60, outward=False)
        # Around the line: the controller with the holder and runners, the storekeeper.
        for phones, rate, mask_of in ((line.holder, 1.0, holder), (line.runners, 0.5, shift)):
            for c in line.controller:
                partner = np.where(self.alive(np.array([c]), days)[0] & on, c, -1)
                self.between(
                    batch,
                    days,
                    mask_of & (partner >= 0)[None, :],
                    phones,
                    partner,
                    rate,
                    0.4,
                    60,
                    outward=False,
                )
        self.check_ins(batch, line, days, on)
        for s in line.store:
            partner = np.where(self.alive(np.array([s]), days)[0] & on, s, -1)
            self.between(
                batch,
                days,
                shift & (partner >= 0)[None, :],
                line.runners,
                partner,
                0.4,
                0.5,
                30,
                outward=False,
            )

    def check_ins(self, batch: Batch, line: LineTraffic, days: np.ndarray, on: np.ndarray) -> None:
        """The controller rings or texts the line itself now and then, a few times a month."""
        rng = self.checks
        for c in line.controller:
            mask = self.alive(np.array([c]), days)[0] & on
            day = np.repeat(days, rng.poisson(CHECK_IN_RATE * mask))
            n = len(day)
            if not n:
                continue
            h = np.minimum(np.searchsorted(HOURS_LINE, rng.random(n), side="right"), 23)
            t = self.t0 + day.astype(np.int64) * 86400 + h * 3600 + rng.integers(0, 3600, n)
            kind = np.where(rng.random(n) < 0.5, SMS, CALL)
            dur = np.clip(rng.lognormal(np.log(40), 0.7, n), 5, 600).astype(np.int32)
            batch.add(t, np.full(n, c), line.deal[day], kind, dur)

    def texting(self, batch: Batch, days: np.ndarray) -> None:
        for a, b in self.texters:
            for src, dst, rate in ((a, b, 14), (b, a, 10)):
                counts = self.rng.poisson(rate * min(1.0, self.busy), len(days))
                day = np.repeat(days, counts)
                n = len(day)
                batch.add(
                    self.times(day, HOURS_TEXTER),
                    np.full(n, src),
                    np.full(n, dst),
                    np.full(n, SMS),
                    np.zeros(n),
                )

    def businesses(self, batch: Batch, days: np.ndarray) -> None:
        rng = self.rng
        weekday = self.weekday[days]
        weekend = weekday >= 4
        if "TAXI_FIRM" in self.business:
            land, mobile, pool = self.business["TAXI_FIRM"]
            day = np.repeat(days, rng.poisson(12 * self.busy * np.where(weekend, 1.8, 1.0)))
            n = len(day)
            callers = rng.choice(pool, n)
            t = self.times(day, HOURS_TAXI)
            batch.add(
                t, callers, np.full(n, land), np.full(n, CALL), self.durations(n, 35, 0.4, 8, 180)
            )
            # "Your car is outside": a text back to most callers minutes later.
            back = rng.random(n) < 0.6
            m = int(back.sum())
            batch.add(
                t[back] + rng.integers(300, 1500, m),
                np.full(m, mobile),
                callers[back],
                np.full(m, SMS),
                np.zeros(m),
            )
        if "TAKEAWAY" in self.business:
            land, mobile, pool = self.business["TAKEAWAY"]
            day = np.repeat(days, rng.poisson(8 * self.busy * np.where(weekend, 1.6, 1.0)))
            n = len(day)
            target = np.where(rng.random(n) < 0.7, land, mobile)
            batch.add(
                self.times(day, HOURS_TAKEAWAY),
                rng.choice(pool, n),
                target,
                np.full(n, CALL),
                self.durations(n, 70, 0.4, 15, 300),
            )
            # The weekly offer on Thursdays, sent to the whole list in a couple of minutes.
            for d in days[weekday == 3]:
                to = pool[rng.random(len(pool)) < 0.7]
                k = len(to)
                t = self.t0 + int(d) * 86400 + 17 * 3600 + rng.integers(0, 150, k)
                batch.add(t, np.full(k, mobile), to, np.full(k, SMS), np.zeros(k))
        if "GP_SURGERY" in self.business:
            land, bulk, pool = self.business["GP_SURGERY"]
            open_days = days[weekday < 5]
            day = np.repeat(open_days, rng.poisson(14 * self.busy, len(open_days)))
            n = len(day)
            batch.add(
                self.times(day, HOURS_GP),
                rng.choice(pool, n),
                np.full(n, land),
                np.full(n, CALL),
                self.durations(n, 150, 0.6, 20, 900),
            )
            # Appointment reminders: a batch each weekday morning.
            for d in open_days:
                k = min(len(pool), int(rng.integers(5, 15) * self.busy) + 1)
                to = rng.choice(pool, k, replace=False)
                t = self.t0 + int(d) * 86400 + 10 * 3600 + rng.integers(0, 240, k)
                batch.add(t, np.full(k, bulk), to, np.full(k, SMS), np.zeros(k))

    def ordinary(self, batch: Batch, lo: int, hi: int, count: int | None) -> None:
        """Everyone's calls and texts to their own contacts; ``count`` fixes the block's total
        (the large scale's target), otherwise each phone's own rate does."""
        rng, table = self.rng, self.table
        days = np.arange(lo, hi)
        alive = self.alive(self.social, days)
        weights = self.rates[:, None] * alive
        if count is None:
            counts = rng.poisson(weights)
            i, j = np.nonzero(counts)
            reps = counts[i, j]
            pick, day = np.repeat(i, reps), np.repeat(days[j], reps)
        else:
            flat = weights.ravel()
            cell = rng.choice(len(flat), size=count, p=flat / flat.sum())
            pick, day = cell // len(days), days[cell % len(days)]
        degree = self.offsets[pick + 1] - self.offsets[pick]
        has = degree > 0
        pick, degree, day = pick[has], degree[has], day[has]
        dst = self.targets[self.offsets[pick] + (rng.random(len(pick)) * degree).astype(np.int64)]
        src = self.social[pick]
        # Dead numbers (a runner's old SIM) receive nothing.
        ok = (table.start[dst] <= day) & (day < table.end[dst])
        src, dst, day = src[ok], dst[ok], day[ok]
        fixed = table.fixed[src] | table.fixed[dst]
        n = len(src)
        kind = np.where(~fixed & (rng.random(n) < 0.55), SMS, CALL)
        batch.add(
            self.times(day, HOURS_ORDINARY), src, dst, kind, self.durations(n, 90, 1.0, 3, 3600)
        )
