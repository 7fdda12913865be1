"""Visitor patterns: reads of a line's staff's vehicles and sightings of them close to an
address with coordinates raise its cuckooing risk, once per day, with the reads as evidence."""

from __future__ import annotations

from linewatch.model import Role
from linewatch.safeguard import address_picture, assess_cuckooing_risk
from linewatch.safeguard.visitors import metres
from linewatch.store import Store, tables
from safeguard.conftest import AS_OF
from safeguard.world import World, acting, at

HOME = (52.6703, -0.7277)
NEAR = (52.6712, -0.7277)  # about 100 m north
FAR = (52.6800, -0.7277)  # about 1 km north


def test_metres_between_points() -> None:
    assert 95 < metres(HOME, NEAR) < 105
    assert 1_000 < metres(HOME, FAR) < 1_100


def _world(w: World) -> tuple[str, str]:
    home = w.entity(
        "Address",
        "5 Cold Overton Road",
        {
            "full": "5 Cold Overton Road, Oakham",
            "postcode": "LE15 6NT",
            "latlon": "52.6703,-0.7277",
        },
    )
    elsewhere = w.address("9 Station Road, Oakham", "LE15 6QT")
    deal = w.phone("07700 900456", source="P-0002")
    w.deal_line(deal)
    runner = w.person("N30", "Dev Shah", date_of_birth="1999-03-03")
    w.link("USES_PHONE", runner, w.phone("07700900456", source="N30"), record_id="N30")
    w.link("DRIVES", runner, w.vehicle("AB12 CDE", source="N30"), record_id="N30")
    return home, elsewhere


def test_reads_and_sightings_near_an_address_are_visitors(sqlite_store: Store) -> None:
    w = World(sqlite_store)
    home, _elsewhere = _world(w)
    w.read("RD-1", "AB12CDE", NEAR, "2026-02-20T21:00")
    w.read("RD-2", "AB12CDE", NEAR, "2026-02-20T23:00")  # the same evening: one day
    w.read("RD-3", "AB12CDE", NEAR, "2026-02-25T22:00")
    w.read("RD-4", "AB12CDE", FAR, "2026-02-26T22:00")  # too far to count
    w.read("RD-5", "ZZ99ZZZ", NEAR, "2026-02-26T22:00")  # not a line's vehicle
    risks = {r.address_id: r for r in assess_cuckooing_risk(acting(sqlite_store), AS_OF)}
    risk = risks[home]
    assert any(
        "read by ANPR within 250 m on 2 days (latest 25 Feb 2026)" in reason
        for reason in risk.reasons
    )
    reads = {e["id"] for e in risk.evidence if e["kind"] == "anpr_read"}
    assert reads == {"RD-1", "RD-2", "RD-3"}
    picture = address_picture(acting(sqlite_store, Role.OFFICER), home, AS_OF)
    assert picture.risk is not None
    groups = dict(picture.risk.evidence)
    listed = [item.id for item in groups["Visitors: ANPR reads near the address"]]
    assert sorted(listed) == ["RD-1", "RD-2", "RD-3"]


def test_more_visiting_days_raise_the_score(sqlite_store: Store) -> None:
    w = World(sqlite_store)
    home, _ = _world(w)
    w.read("RD-1", "AB12CDE", NEAR, "2026-02-20T21:00")
    once = {r.address_id: r.score for r in assess_cuckooing_risk(acting(sqlite_store), AS_OF)}
    for day in range(21, 26):
        w.read(f"RD-{day}", "AB12CDE", NEAR, f"2026-02-{day}T21:00")
    with sqlite_store.begin() as conn:
        conn.execute(
            tables.sightings.insert().values(
                id="SG-1",
                person_id=w.person("N30", "Dev Shah", date_of_birth="1999-03-03"),
                seen_at=at("2026-02-27T20:00"),
                latitude=NEAR[0],
                longitude=NEAR[1],
                location_text="Outside 5 Cold Overton Road",
                recorded_by="pc-1",
                recorded_at=at("2026-02-27T21:00"),
            )
        )
    often = {r.address_id: r for r in assess_cuckooing_risk(acting(sqlite_store), AS_OF)}
    assert often[home].score > once.get(home, 0.0)
    assert any("officers saw people tied to a county line" in r for r in often[home].reasons)
