"""The ANPR hits page: hits by vehicle, with the busiest first, and every hit newest read first."""

from __future__ import annotations

import csv
import re
from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import update
from tests.web.conftest import csrf_from

from linewatch.access import seed_demo_users
from linewatch.enforce import add_vehicle_of_interest, import_reads_with_hits
from linewatch.model import Role
from linewatch.model.formats import ANPR_READ_COLUMNS
from linewatch.store import Store, tables, utcnow
from linewatch.web import create_app
from safeguard.world import OAKHAM, acting


def _list(store: Store, vrm: str, category: str, action: str) -> None:
    add_vehicle_of_interest(
        acting(store, Role.OFFICER, "officer"),
        vrm=vrm,
        reason_category=category,
        reason="Named in intelligence",
        action_required=action,
        handling_code="P",
        expires_at=utcnow() + timedelta(days=60),
    )


def _reads(path: Path, reads: list[tuple[str, str, int, str]]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=ANPR_READ_COLUMNS)
        writer.writeheader()
        for read_id, vrm, hours_ago, site in reads:
            writer.writerow(
                {
                    "read_id": read_id,
                    "vrm": vrm,
                    "camera_id": f"CAM-{read_id}",
                    "site": site,
                    "latitude": OAKHAM[0],
                    "longitude": OAKHAM[1],
                    "read_at": (utcnow() - timedelta(hours=hours_ago)).isoformat(),
                    "confidence": 0.95,
                    "source_system": "NAS",
                    "is_synthetic": "true",
                }
            )
    return path


def test_hits_are_shown_by_vehicle_and_newest_read_first(
    tmp_path: Path, cheap_hashing: None
) -> None:
    store = Store(f"sqlite:///{tmp_path / 'linewatch.db'}")
    store.migrate()
    users = {u.user_id: u for u in seed_demo_users(store)}
    _list(store, "AB12 CDE", "COUNTY_LINES_COURIER", "DO_NOT_STOP_REPORT")
    _list(store, "FA22 WOF", "STOLEN", "STOP_CHECK")
    with store.begin() as conn:  # listed a week ago, before the reads below
        v = tables.vehicles_of_interest
        conn.execute(update(v).values(created_at=utcnow() - timedelta(days=7)))
    reads = [
        ("R1", "AB12CDE", 30, "A47 Morcott"),
        ("R2", "FA22WOF", 20, "A6003 Rockingham"),
        ("R3", "AB12CDE", 10, "A606 Barleythorpe"),
        ("R4", "AB12CDE", 50, "A1 Stretton"),
    ]
    _result, hits = import_reads_with_hits(acting(store), _reads(tmp_path / "reads.csv", reads))
    assert len(hits) == 4

    client = TestClient(create_app(store), base_url="http://testserver")
    form = client.get("/sign-in")
    body = {
        "user_id": "officer",
        "password": users["officer"].password,
        "csrf_token": csrf_from(form.text),
    }
    assert client.post("/sign-in", data=body, follow_redirects=False).status_code == 303
    page = client.get("/anpr/hits").text

    vehicles = page[page.index("data-hit-vehicles") : page.index("data-hits>")]
    rows = re.findall(r'data-hit-vehicle="[^"]+">(.*?)</tr>', vehicles, re.S)
    assert [re.search(r"[A-Z]{2}\d{2}[A-Z]{3}", r).group() for r in rows] == [  # type: ignore[union-attr]
        "AB12CDE",
        "FA22WOF",
    ]
    busiest = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", rows[0]))
    assert "County lines courier" in busiest and " 3 " in busiest
    assert "A606 Barleythorpe" in busiest  # its latest read, not its first
    listed = page[page.index("data-hits>") :]
    sites = re.findall(r"read at (.+?) on \d", listed)
    assert sites == ["A606 Barleythorpe", "A6003 Rockingham", "A47 Morcott", "A1 Stretton"]
    store.dispose()
