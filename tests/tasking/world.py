"""A small synthetic picture placed on Rutland's LSOAs, for the tasking tests.

Everything sits at an LSOA's representative point, so the tests know which area each event
falls in without hard-coding coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Connection

from linewatch import geo
from linewatch.store import Provenance, Store, add_entity, add_link, tables

AS_OF = date(2026, 11, 28)
NOW = datetime(2026, 11, 28, 12, tzinfo=UTC)


def point(code: str) -> tuple[float, float]:
    area = next(a for a in geo.rutland_lsoas() if a.code == code)
    p = area.geometry.representative_point()
    return p.y, p.x


LSOAS = [a.code for a in geo.rutland_lsoas()]
HOT, WARM, QUIET = LSOAS[0], LSOAS[1], LSOAS[2]


@dataclass(frozen=True)
class World:
    phone: str = "pho-deal-1"
    person: str = "per-runner-1"
    vehicle: str = "veh-courier-1"
    vrm: str = "AB12CDE"
    address: str = "adr-cuckoo-1"


def report(
    conn: Connection, n: int, code: str, at: datetime, grade: str | None, channel: str = "OFFICER"
) -> str:
    lat, lon = point(code)
    rid = f"rep-{n}"
    conn.execute(
        tables.reports.insert().values(
            id=rid,
            reference=f"IR-2026-{n:06d}",
            channel=channel,
            originating_org="Leicestershire Police",
            reported_at=at,
            occurred_at=at,
            intelligence_assessment=grade,
            source_evaluation="2" if grade else None,
            sanitised_text="synthetic",
            latitude=lat,
            longitude=lon,
            is_synthetic=True,
        )
    )
    return rid


def seed(store: Store) -> World:
    w = World()
    prov = Provenance("record", "test:world", is_synthetic=True)
    with store.begin() as conn:
        # HOT: two A-graded reports at 21:00 this week, one E (left out), one C long ago.
        report(conn, 1, HOT, NOW - timedelta(days=2, hours=-9), "A")
        report(conn, 2, HOT, NOW - timedelta(days=3, hours=-9), "B")
        report(conn, 3, HOT, NOW - timedelta(days=1), "E")
        report(conn, 4, HOT, NOW - timedelta(days=120), "C")
        # WARM: one C-graded report last month at 14:00.
        report(conn, 5, WARM, datetime(2026, 10, 20, 14, tzinfo=UTC), "C")
        add_entity(conn, "Phone", w.phone, {"number": "07700 900555"}, prov)
        add_entity(conn, "Person", w.person, {"name": "Test Runner"}, prov)
        add_entity(conn, "Vehicle", w.vehicle, {"vrm": "AB12 CDE"}, prov)
        add_entity(conn, "Address", w.address, {"full": "1 Test Row"}, prov)
        add_link(conn, "USES_PHONE", w.person, w.phone, prov)
        add_link(conn, "DRIVES", w.person, w.vehicle, prov)
        conn.execute(
            tables.assessments.insert().values(
                id="as-deal-1",
                subject_id=w.phone,
                claim="DEAL_LINE",
                score=0.9,
                reasons=["flares"],
                evidence=[
                    {
                        "kind": "figures",
                        "id": "+447700900555",
                        "values": {
                            "last_seen": "2026-11-27T20:00:00+00:00",
                            "first_seen": "2026-11-20T20:00:00+00:00",
                        },
                    }
                ],
                method="comms.deal_line_rules",
                method_version="1",
                created_at=NOW,
            )
        )
        lat, lon = point(WARM)
        conn.execute(
            tables.anpr_reads.insert(),
            [
                {
                    "id": f"rd-{i}",
                    "vrm": "AB12CDE",
                    "camera_id": "CAM-1",
                    "site": "Test Road",
                    "latitude": lat,
                    "longitude": lon,
                    "read_at": NOW - timedelta(days=5 + i, hours=-10),
                    "is_synthetic": True,
                }
                for i in range(3)
            ]
            + [
                {
                    "id": "rd-other",
                    "vrm": "ZZ99ZZZ",
                    "camera_id": "CAM-1",
                    "site": "Test Road",
                    "latitude": lat,
                    "longitude": lon,
                    "read_at": NOW - timedelta(days=1),
                    "is_synthetic": True,
                }
            ],
        )
        conn.execute(
            tables.assessments.insert().values(
                id="as-cuckoo-1",
                subject_id=w.address,
                claim="CUCKOOING_RISK",
                score=0.8,
                reasons=["risk level HIGH"],
                evidence=[{"kind": "report", "id": "rep-1"}],
                method="safeguard.cuckooing_risk",
                method_version="1",
                created_at=NOW,
            )
        )
    return w
