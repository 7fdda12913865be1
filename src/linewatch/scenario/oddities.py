"""Reports that are not what they seem, or not what they should be: public worries about
things that only look like County Lines (a busy taxi office, a teenager's constant texts, a
takeaway's group offer, youths in a car park), a few old records still graded 5x5x5, and rows
written wrong on purpose for the importer to quarantine."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING

from linewatch.scenario import places, texts
from linewatch.scenario.texts import Mention, Say

if TYPE_CHECKING:
    from linewatch.scenario.reports import ReportPlanner


def noise_reports(p: ReportPlanner) -> None:
    rng, w = p.rng, p.world
    taxi = next((b for b in w.businesses if b.kind == "TAXI_FIRM"), None)
    takeaway = next((b for b in w.businesses if b.kind == "TAKEAWAY"), None)
    for _ in range(p.noise):
        day = w.start + timedelta(days=rng.randint(5, 360))
        occurred = datetime.combine(day, time(rng.randint(9, 23), rng.randint(0, 59)), UTC)
        say = Say(rng)
        r = rng.random()
        town_name = rng.choice([t.name for t in places.TOWNS if t.weight >= 1])
        town = places.town(town_name)
        street = Mention("Address", "full", rng.choice(town.streets), f"street:{town_name}")
        if r < 0.25 and taxi:
            t = places.town(taxi.town)
            spot = Mention("Address", "full", rng.choice(t.streets), f"street:{taxi.town}")
            texts.taxi_office(say, rng.choice(["taxi", "minicab"]), spot, p.town(taxi.town))
            p.public(say, None, "noise_taxi", occurred, None)
        elif r < 0.45 and w.heavy_texters:
            texts.noisy_texts(say, p.phone(rng.choice(w.heavy_texters)[0]))
            p.public(say, None, "noise_texter", occurred, None)
        elif r < 0.6 and takeaway:
            texts.bulk_offer(say, p.phone(takeaway.numbers[1]), "the takeaway")
            p.public(say, None, "noise_takeaway", occurred, None)
        else:
            cars = [
                v
                for v in w.vehicles.values()
                if v.use == "personal" and v.keeper and w.people[v.keeper].area == town_name
            ]
            vrm = p.vrm(cars[0].vrm) if cars and rng.random() < 0.5 else None
            texts.antisocial(say, p.spot(town_name) or street, p.town(town_name), vrm)
            p.public(say, None, "noise_asb", occurred, None)


def legacy(p: ReportPlanner) -> None:
    """A few old records still graded under 5x5x5, which the importer keeps read-only."""
    graded = [r for r in p.reports if r.channel in {"NEIGHBOURING_FORCE", "OFFICER"}]
    graded.sort(key=lambda r: r.reported_at)
    for report in graded[:3]:
        report.grading_scheme = "5x5x5"
        report.source_evaluation = p.rng.choice("BC")
        report.intelligence_assessment = p.rng.choice("23")
        report.handling_code = p.rng.choice("13")
        report.handling_conditions = None


def malformed(p: ReportPlanner) -> None:
    rng = p.rng
    pool = [r for r in p.reports if r.grading_scheme == "3x5x2"]
    faults = (
        ("channel", "EMAIL", "not a channel"),
        ("classification", "SECRET", "SECRET is not accepted"),
        ("handling_conditions", None, "handling code C without conditions"),
        ("source_evaluation", "7", "not a 3x5x2 source evaluation"),
        ("reported_at", "last Tuesday", "not a timestamp"),
    )
    for name, value, reason in faults:
        bad = replace(rng.choice(pool), fault=(name, reason), line_id=None, extra={})
        bad.kind = "malformed"
        if name == "handling_conditions":
            bad.handling_code, bad.handling_conditions = "C", None
        elif name == "reported_at":
            bad.extra["reported_at"] = str(value)
        else:
            setattr(bad, name, value)
        p.reports.append(bad)
