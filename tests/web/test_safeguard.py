"""Welfare visit pages: the routed list with its map and calendar, and recording a visit on a
phone-sized screen, by form (no JavaScript) and in a real Chromium with axe-core."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy import select
from tests.web.conftest import csrf_from
from tests.web.serving import served as served_app
from tests.web.test_browser import _axe_violations, _page, browser  # noqa: F401

from linewatch.access import DemoUser, seed_demo_users
from linewatch.store import Provenance, Store, add_entity, tables, utcnow
from linewatch.web import create_app


class World:
    def __init__(self, store: Store, users: dict[str, DemoUser]) -> None:
        self.store, self.users = store, users


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, cheap_hashing: None) -> Iterator[World]:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('visits') / 'linewatch.db'}")
    store.migrate()
    users = {u.user_id: u for u in seed_demo_users(store)}
    source = Provenance("record", "housing:T-1", dataset="person_records", is_synthetic=True)
    homes = {
        "adr-oakham-12": ("12 Mill Street, Oakham", "LE15 6AB"),
        "adr-ketton-3": ("3 Aldgate, Ketton", "PE9 3TD"),
        "adr-upp-44": ("44 Stockerston Road, Uppingham", "LE15 9WR"),
    }
    now = utcnow()
    with store.begin() as conn:
        for entity_id, (full, postcode) in homes.items():
            add_entity(conn, "Address", entity_id, {"full": full, "postcode": postcode}, source)
        for n, (entity_id, late) in enumerate((("adr-oakham-12", 3), ("adr-ketton-3", -2))):
            conn.execute(
                tables.visits.insert().values(
                    id=f"VIS-{n}",
                    address_id=entity_id,
                    scheduled_for=now - timedelta(days=late),
                    assigned_to="officer",
                    is_synthetic=True,
                )
            )
        conn.execute(
            tables.visits.insert().values(
                id="VIS-9", address_id="adr-upp-44", scheduled_for=now, is_synthetic=True
            )
        )
    yield World(store, users)
    store.dispose()


def _signed_in(world: World, user_id: str) -> TestClient:
    client = TestClient(create_app(world.store), base_url="http://testserver")
    form = client.get("/sign-in")
    password = world.users[user_id].password
    data = {"user_id": user_id, "password": password, "csrf_token": csrf_from(form.text)}
    assert client.post("/sign-in", data=data, follow_redirects=False).status_code == 303
    return client


def test_the_visit_list_routes_flags_late_visits_and_draws_the_map(world: World) -> None:
    with _signed_in(world, "officer") as client:
        page = client.get("/visits")
        assert page.status_code == 200
        assert 'href="/visits">Visits</a>' in page.text or 'href="/visits" aria' in page.text
        assert page.text.count('data-visit="') == 3
        assert page.text.count("govuk-tag--red") == 1
        assert "<svg" in page.text and "Map of welfare visits in Rutland" in page.text
        assert 'href="/visits/VIS-0/record"' in page.text
        calendar = client.get("/visits/calendar.ics")
        assert calendar.headers["content-type"].startswith("text/calendar")
        events = list(Calendar.from_ical(calendar.content).walk("VEVENT"))
        assert len(events) == 3


def test_partners_and_the_pcc_office_cannot_see_visits(world: World) -> None:
    for user_id in ("partner", "pcc"):
        with _signed_in(world, user_id) as client:
            assert client.get("/visits").status_code == 403


def test_an_officer_records_a_visit_by_form(world: World) -> None:
    with _signed_in(world, "officer") as client:
        form = client.get("/visits/VIS-9/record")
        assert form.status_code == 200 and "44 Stockerston Road" in form.text
        token = csrf_from(form.text)
        refused = client.post("/visits/VIS-9/record", data={"csrf_token": "x"})
        assert refused.status_code == 403
        bad = client.post(
            "/visits/VIS-9/record",
            data={"csrf_token": token, "occupant_seen": "no", "occupant_seen_alone": "yes"},
        )
        assert bad.status_code == 400
        assert "There is a problem" in bad.text and "Enter what happened" in bad.text
        done = client.post(
            "/visits/VIS-9/record",
            data={
                "csrf_token": token,
                "occupant_seen": "yes",
                "occupant_seen_alone": "no",
                "present": "Occupant\nTwo lads, not local",
                "indicators": ["UNKNOWN_VISITORS", "SMELL_OF_DRUGS"],
                "advice": "Cuckooing leaflet",
                "referral": "ADULT_SOCIAL_CARE",
                "outcome": "Occupant nervous",
            },
            follow_redirects=False,
        )
        assert done.status_code == 303 and done.headers["location"] == "/visits?recorded=VIS-9"
        assert client.get("/visits/VIS-404/record").status_code == 404
    with world.store.begin() as conn:
        visit = conn.execute(select(tables.visits).where(tables.visits.c.id == "VIS-9")).one()
        details = conn.execute(select(tables.visit_details)).mappings().one()
    assert visit.indicators == ["SMELL_OF_DRUGS", "UNKNOWN_VISITORS"]
    assert visit.performed_by == "officer"
    assert details["present"] == ["Occupant", "Two lads, not local"]


def serve(store: Store) -> Iterator[str]:
    """The app over ``store`` served by uvicorn in a thread, on a port the OS picked."""
    with served_app(store) as url:
        yield url


@pytest.fixture(scope="module")
def served(world: World) -> Iterator[str]:
    yield from serve(world.store)


@pytest.mark.browser
def test_from_the_visit_list_to_a_recorded_visit_on_a_phone(
    browser: Any,  # noqa: F811
    served: str,
    world: World,
    tmp_path: Path,
) -> None:
    page = _page(browser, served)
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto("/sign-in")
    page.fill("#user_id", "officer")
    page.fill("#password", world.users["officer"].password)
    page.click("button:has-text('Sign in')")
    page.goto("/visits")
    assert page.locator("h1").inner_text() == "Welfare visits"
    found = {"/visits": _axe_violations(page)}
    page.screenshot(path=str(tmp_path / "visits.png"), full_page=True)
    address = page.locator('[data-visit="VIS-0"] a[href="/safeguard/addresses/adr-oakham-12"]')
    assert address.count() == 1
    page.click('[data-visit="VIS-0"] a:has-text("Record visit")')
    assert page.url.endswith("/visits/VIS-0/record")
    found["record"] = _axe_violations(page)
    page.click("button:has-text('Record visit')")
    assert page.locator(".govuk-error-summary").is_visible()
    found["record with errors"] = _axe_violations(page)
    page.check("#occupant_seen")
    page.check("#occupant_seen_alone-2")
    page.check("input[value='NEW_RESIDENTS']")
    page.fill("#present", "Occupant")
    page.fill("#outcome", "Spare room let to a friend from Leicester")
    page.screenshot(path=str(tmp_path / "record_visit.png"), full_page=True)
    page.click("button:has-text('Record visit')")
    assert page.url.endswith("/visits?recorded=VIS-0")
    assert page.locator(".govuk-notification-banner").is_visible()
    assert page.locator('[data-visit="VIS-0"]').count() == 0
    assert found == {key: [] for key in found}
    assert page.foreign_requests == []
    page.context.close()
