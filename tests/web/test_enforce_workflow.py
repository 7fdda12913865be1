"""Warrant, seizure, sighting and ANPR pages: forms, refusals by role, and the browser journeys
(warrant apply -> issue -> execute -> outcome; ANPR hit -> alert -> evidence), axe-checked."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import expect
from sqlalchemy import select, update
from tests.web.conftest import csrf_from
from tests.web.serving import served as served_app
from tests.web.test_browser import _axe_violations, _page, browser  # noqa: F401

from linewatch.access import DemoUser, seed_demo_users
from linewatch.enforce import add_vehicle_of_interest, import_reads_with_hits
from linewatch.model import Role
from linewatch.model.formats import ANPR_READ_COLUMNS
from linewatch.store import Store, tables, utcnow
from linewatch.web import create_app
from safeguard.world import OAKHAM, World, acting

FORM_TIME = "%Y-%m-%dT%H:%M"


class Enforcement:
    def __init__(self, store: Store, users: dict[str, DemoUser], world: World) -> None:
        self.store, self.users, self.world = store, users, world
        self.person = ""
        self.report = ""
        self.hit = ""


@pytest.fixture(scope="module")
def enforcement(
    tmp_path_factory: pytest.TempPathFactory, cheap_hashing: None
) -> Iterator[Enforcement]:
    folder = tmp_path_factory.mktemp("enforce-web")
    store = Store(f"sqlite:///{folder / 'linewatch.db'}")
    store.migrate()
    users = {u.user_id: u for u in seed_demo_users(store)}
    world = World(store)
    data = Enforcement(store, users, world)
    data.person = world.person("N300", "Dean Fry", date_of_birth="1995-01-01")
    data.report = world.report("IR-20", "Crack stored at 4 Mill Lane, Oakham", "2026-01-05")
    add_vehicle_of_interest(
        acting(store, Role.OFFICER, "officer"),
        vrm="AB12 CDE",
        reason_category="COUNTY_LINES_COURIER",
        reason="Courier for the Tommy line",
        action_required="DO_NOT_STOP_REPORT",
        handling_code="C",
        handling_conditions="Not to be shared outside the force",
        expires_at=utcnow() + timedelta(days=60),
    )
    with store.begin() as conn:  # listed a week ago, so that the read below is a hit
        v = tables.vehicles_of_interest
        conn.execute(update(v).values(created_at=utcnow() - timedelta(days=7)))
    path = folder / "anpr_reads.csv"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=ANPR_READ_COLUMNS)
        writer.writeheader()
        writer.writerow(
            {
                "read_id": "R-77",
                "vrm": "AB12CDE",
                "camera_id": "CAM-9",
                "site": "A606 Barleythorpe",
                "direction": "E",
                "latitude": OAKHAM[0],
                "longitude": OAKHAM[1],
                "read_at": (utcnow() - timedelta(days=2)).isoformat(),
                "confidence": 0.95,
                "source_system": "NAS",
                "is_synthetic": "true",
            }
        )
    _result, hits = import_reads_with_hits(acting(store), path)
    data.hit = hits[0].id
    yield data
    store.dispose()


def _signed_in(data: Enforcement, user_id: str) -> TestClient:
    client = TestClient(create_app(data.store), base_url="http://testserver")
    form = client.get("/sign-in")
    password = data.users[user_id].password
    body = {"user_id": user_id, "password": password, "csrf_token": csrf_from(form.text)}
    assert client.post("/sign-in", data=body, follow_redirects=False).status_code == 303
    return client


def test_warrant_forms_check_grounds_and_roles(enforcement: Enforcement) -> None:
    with _signed_in(enforcement, "officer") as client:
        form = client.get("/warrants/apply")
        assert form.status_code == 200
        assert f'data-ground="{enforcement.report}"' in form.text and "2CP" in form.text
        token = csrf_from(form.text)
        empty = client.post(
            "/warrants/apply",
            data={
                "csrf_token": token,
                "power": "MDA_S23",
                "address": "4 Mill Lane, Oakham",
                "justification": "Drugs stored",
            },
        )
        assert empty.status_code == 400 and "at least one graded report" in empty.text
        done = client.post(
            "/warrants/apply",
            data={
                "csrf_token": token,
                "power": "MDA_S23",
                "address": "4 Mill Lane, Oakham",
                "postcode": "LE15 6AB",
                "grounds": [enforcement.report],
                "justification": "Drugs stored",
            },
            follow_redirects=False,
        )
        assert done.status_code == 303
        page = client.get(done.headers["location"])
        assert 'data-status="APPLIED"' in page.text and "Record issue" not in page.text
        assert client.get("/warrants/W-none").status_code == 404
        warrant_url = done.headers["location"]
    with _signed_in(enforcement, "supervisor") as client:
        page = client.get(warrant_url)
        assert "Record issue" in page.text and "Record refusal" in page.text
        token = csrf_from(page.text)
        vague = client.post(
            f"{warrant_url}/refuse", data={"csrf_token": token, "refused_by": "J. Smith JP"}
        )
        assert vague.status_code == 400 and "reason" in vague.text
        refused = client.post(
            f"{warrant_url}/refuse",
            data={"csrf_token": token, "refused_by": "J. Smith JP", "reason": "Grounds too old"},
            follow_redirects=False,
        )
        assert refused.status_code == 303
        after = client.get(warrant_url).text
        assert 'data-status="REFUSED"' in after and "Grounds too old" in after
    for user_id in ("partner", "pcc"):
        with _signed_in(enforcement, user_id) as client:
            assert client.get("/warrants").status_code == 403
    with _signed_in(enforcement, "analyst") as client:
        assert client.get("/warrants/apply").status_code == 403


def test_seizure_hotlist_and_sighting_forms(enforcement: Enforcement) -> None:
    when = (utcnow() - timedelta(days=1)).strftime(FORM_TIME)
    with _signed_in(enforcement, "officer") as client:
        form = client.get("/seizures/new")
        token = csrf_from(form.text)
        base = {"csrf_token": token, "vrm": "XY65 ZZZ", "grounds": "No insurance"}
        missing = client.post(
            "/seizures/new",
            data={**base, "power": "RTA_S165A", "seized_at": when, "location": "A606"},
        )
        assert missing.status_code == 400 and "warning was given" in missing.text
        done = client.post(
            "/seizures/new",
            data={
                **base,
                "power": "RTA_S165A",
                "seized_at": when,
                "location": "A606",
                "warning_given": "yes",
            },
            follow_redirects=False,
        )
        assert done.status_code == 303
        url = done.headers["location"]
        early = client.post(
            f"{url}/status", data={"csrf_token": token, "status": "DISPOSED", "note": "x"}
        )
        assert early.status_code == 400 and "7-day" in early.text
        released = client.post(
            f"{url}/status",
            data={"csrf_token": token, "status": "RELEASED", "note": "Insured"},
            follow_redirects=False,
        )
        assert released.status_code == 303
        assert 'data-status="RELEASED"' in client.get(url).text
        assert "XY65ZZZ" in client.get("/seizures").text
        hotlist = client.get("/anpr/vehicles")
        assert 'data-voi="AB12CDE"' in hotlist.text and "Not to be shared" in hotlist.text
        bad = client.post(
            "/anpr/vehicles",
            data={
                "csrf_token": token,
                "vrm": "CD24 EFG",
                "reason_category": "STOLEN",
                "reason": "Stolen",
                "action_required": "STOP_CHECK",
                "handling_code": "C",
                "expires_at": (utcnow() + timedelta(days=5)).strftime(FORM_TIME),
            },
        )
        assert bad.status_code == 400 and "needs its conditions" in bad.text
        sighting = client.post(
            f"/bail/{enforcement.person}/sightings/new",
            data={
                "csrf_token": token,
                "seen_at": when,
                "latitude": str(OAKHAM[0]),
                "longitude": str(OAKHAM[1]),
                "location_text": "Market Place",
            },
            follow_redirects=False,
        )
        assert sighting.status_code == 303
        assert "Market Place" in client.get(f"/bail/{enforcement.person}").text
        nowhere = client.post(
            f"/bail/{enforcement.person}/sightings/new",
            data={"csrf_token": token, "seen_at": when, "latitude": "x", "longitude": "1"},
        )
        assert nowhere.status_code == 400
    with _signed_in(enforcement, "analyst") as client:
        assert client.get("/seizures/new").status_code == 403


@pytest.fixture(scope="module")
def served(enforcement: Enforcement) -> Iterator[str]:
    with served_app(enforcement.store) as url:
        yield url


def _sign_in(page: Any, data: Enforcement, user_id: str) -> None:
    page.goto("/sign-in")
    page.fill("#user_id", user_id)
    page.fill("#password", data.users[user_id].password)
    page.click("button:has-text('Sign in')")


@pytest.mark.browser
def test_a_warrant_from_application_to_outcome_and_an_anpr_hit_in_the_browser(
    browser: Any,  # noqa: F811
    served: str,
    enforcement: Enforcement,
    tmp_path: Path,
) -> None:
    officer = _page(browser, served)
    _sign_in(officer, enforcement, "officer")
    officer.click("nav >> text=Enforcement")
    expect(officer.locator("h1")).to_have_text("Warrants")
    found = {"warrants": _axe_violations(officer)}
    officer.click("text=Apply for a warrant")
    found["apply"] = _axe_violations(officer)
    officer.click("button:has-text('Submit application')")
    expect(officer.locator(".govuk-error-summary")).to_be_visible()
    officer.check("#power")
    officer.fill("#address", "7 Mill Lane, Oakham")
    officer.check(f'[data-ground="{enforcement.report}"] input')
    officer.fill("#justification", "Crack cocaine stored for the Tommy line")
    officer.click("button:has-text('Submit application')")
    expect(officer.locator('[data-status="APPLIED"]')).to_have_count(1)
    assert "2CP" in officer.locator("[data-grounds]").inner_text()
    found["warrant"] = _axe_violations(officer)
    warrant_url = officer.url

    supervisor = _page(browser, served)
    _sign_in(supervisor, enforcement, "supervisor")
    supervisor.goto(warrant_url)
    supervisor.fill("#issued_by", "J. Smith JP")
    supervisor.fill("#issued_at", utcnow().strftime(FORM_TIME))
    supervisor.click("button:has-text('Record issue')")
    expect(supervisor.locator('[data-status="ISSUED"]')).to_have_count(1)
    supervisor.context.close()

    officer.reload()
    officer.fill("#executed_at", utcnow().strftime(FORM_TIME))
    officer.click("button:has-text('Record execution')")
    expect(officer.locator('[data-status="EXECUTED"]')).to_have_count(1)
    officer.fill("#outcome", "Drugs and cash found")
    officer.fill("#finds", "42 wraps of crack cocaine\n£1,200 cash")
    officer.fill("#arrests", "N300, Possession with intent to supply")
    officer.click("button:has-text('Record outcome')")
    expect(officer.locator('[data-status="OUTCOME_RECORDED"]')).to_have_count(1)
    expect(officer.locator("[data-find]")).to_have_count(2)
    expect(officer.locator("[data-arrest]")).to_have_count(1)
    found["outcome"] = _axe_violations(officer)
    officer.screenshot(path=str(tmp_path / "warrant.png"), full_page=True)

    officer.click("text=Back to warrants")
    officer.click("nav >> text=ANPR hits")
    expect(officer.locator("h1")).to_have_text("ANPR hits")
    found["hits"] = _axe_violations(officer)
    officer.click(f'[data-hit="{enforcement.hit}"] a')
    expect(officer.locator("h1")).to_have_text("ANPR hit")
    expect(officer.locator('[data-evidence-kind="anpr_read"]')).to_have_count(1)
    voi = officer.locator('[data-evidence-kind="vehicle_of_interest"]').inner_text()
    assert "Not to be shared outside the force" in voi and "C" in voi
    found["hit"] = _axe_violations(officer)
    officer.screenshot(path=str(tmp_path / "hit.png"), full_page=True)
    officer.fill("#action_taken", "Sighting passed to the courier team")
    officer.click("button:has-text('Acknowledge alert')")
    officer.wait_for_url(re.compile(r".*/anpr/hits\?acknowledged=.*"))
    officer.goto("/anpr/vehicles")
    found["hotlist"] = _axe_violations(officer)
    officer.screenshot(path=str(tmp_path / "hotlist.png"), full_page=True)
    officer.goto("/seizures/new")
    found["seizure"] = _axe_violations(officer)
    assert found == {key: [] for key in found}
    assert officer.foreign_requests == []
    with enforcement.store.connect() as conn:
        arrests = conn.execute(select(tables.arrests.c.warrant_id)).scalars().all()
    assert arrests and all(arrests)
    officer.context.close()
