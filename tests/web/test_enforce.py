"""Bail pages: from the breach alert queue to an alert's evidence and its acknowledgement, and a
person's bail with its conditions and extensions; by form and in a real Chromium with axe-core."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import csrf_from
from tests.web.test_browser import _axe_violations, _page, browser  # noqa: F401
from tests.web.test_safeguard import serve

from linewatch.access import DemoUser, seed_demo_users
from linewatch.enforce import bail_expiry_warnings, detect_breaches, import_history
from linewatch.model import Role
from linewatch.store import Store
from linewatch.web import create_app
from safeguard.world import OAKHAM, World, acting, at, write_enforcement


class Bailed:
    def __init__(self, store: Store, users: dict[str, DemoUser], person: str) -> None:
        self.store, self.users, self.person = store, users, person
        self.alerts: list[str] = []


@pytest.fixture(scope="module")
def bailed(tmp_path_factory: pytest.TempPathFactory, cheap_hashing: None) -> Iterator[Bailed]:
    folder = tmp_path_factory.mktemp("bail")
    store = Store(f"sqlite:///{folder / 'linewatch.db'}")
    store.migrate()
    users = {u.user_id: u for u in seed_demo_users(store)}
    world = World(store)
    person = world.person("N100", "Tyler Marsh", date_of_birth="1999-03-02")
    car = world.vehicle("AB12 CDE", source="H-77")
    world.link("DRIVES", person, car, record_id="H-77", grading=("2", "B", "P"))
    bail = {
        "bail_id": "B1",
        "person_ref": "N100",
        "release_type": "PRE_CHARGE_BAIL_CONDITIONAL",
        "bail_start": "2026-01-10T12:00:00+00:00",
        "abp_expires_at": "2026-07-10T12:00:00+00:00",
        "extensions": [
            {
                "rank": "INSPECTOR",
                "new_expiry": "2026-07-10T12:00:00+00:00",
                "authorised_by": "Insp Patel",
            }
        ],
        "conditions": [{"condition_type": "EXCLUSION_AREA", "params": {"area": "Rutland"}}],
    }
    result = import_history(
        acting(store, Role.INTELLIGENCE_OFFICER),
        write_enforcement(Path(folder) / "e.json", bail=[bail]),
    )
    assert result.rows_quarantined == 0, json.dumps(result.problems)
    world.read("r1", "AB12CDE", OAKHAM, "2026-01-15T08:00")
    analyst = acting(store)
    found = detect_breaches(analyst, at("2026-02-01"))
    found += bail_expiry_warnings(analyst, at("2026-07-01"))
    data = Bailed(store, users, person)
    data.alerts = [a.id for a in found]
    yield data
    store.dispose()


def _signed_in(bailed: Bailed, user_id: str) -> TestClient:
    client = TestClient(create_app(bailed.store), base_url="http://testserver")
    form = client.get("/sign-in")
    password = bailed.users[user_id].password
    data = {"user_id": user_id, "password": password, "csrf_token": csrf_from(form.text)}
    assert client.post("/sign-in", data=data, follow_redirects=False).status_code == 303
    return client


def test_the_queue_the_evidence_and_the_bail_page(bailed: Bailed) -> None:
    breach, expiring = bailed.alerts
    with _signed_in(bailed, "officer") as client:
        queue = client.get("/breaches")
        assert queue.status_code == 200
        assert f'data-alert="{breach}"' in queue.text and f'data-alert="{expiring}"' in queue.text
        page = client.get(f"/breaches/{breach}")
        assert page.status_code == 200
        assert 'data-evidence-kind="anpr_read"' in page.text and "AB12CDE" in page.text
        assert "2B" in page.text or "2BP" in page.text
        assert client.get("/breaches/alert-none").status_code == 404
        bail = client.get(f"/bail/{bailed.person}")
        assert bail.status_code == 200
        assert 'data-condition="EXCLUSION_AREA"' in bail.text and "Insp Patel" in bail.text
    for user_id in ("partner", "pcc"):
        with _signed_in(bailed, user_id) as client:
            assert client.get("/breaches").status_code == 403


def test_acknowledging_needs_the_token_and_what_was_done(bailed: Bailed) -> None:
    expiring = bailed.alerts[1]
    with _signed_in(bailed, "officer") as client:
        token = csrf_from(client.get(f"/breaches/{expiring}").text)
        url = f"/breaches/{expiring}/acknowledge"
        assert client.post(url, data={"csrf_token": "x", "action_taken": "y"}).status_code == 403
        empty = client.post(url, data={"csrf_token": token, "action_taken": " "})
        assert empty.status_code == 400 and "There is a problem" in empty.text
        done = client.post(
            url,
            data={"csrf_token": token, "action_taken": "Asked the inspector to review"},
            follow_redirects=False,
        )
        assert done.status_code == 303
        after = client.get(f"/breaches/{expiring}")
        assert "data-acknowledged" in after.text and "Asked the inspector" in after.text
        assert f'data-alert="{expiring}"' not in client.get("/breaches").text


@pytest.fixture(scope="module")
def served(bailed: Bailed) -> Iterator[str]:
    yield from serve(bailed.store)


@pytest.mark.browser
def test_from_a_breach_alert_to_its_evidence_in_the_browser(
    browser: Any,  # noqa: F811
    served: str,
    bailed: Bailed,
    tmp_path: Path,
) -> None:
    breach = bailed.alerts[0]
    page = _page(browser, served)
    page.goto("/sign-in")
    page.fill("#user_id", "officer")
    page.fill("#password", bailed.users["officer"].password)
    page.click("button:has-text('Sign in')")
    page.click("nav >> text=Bail alerts")
    assert page.locator("h1").inner_text() == "Bail alerts"
    found = {"queue": _axe_violations(page)}
    page.click(f'[data-alert="{breach}"] a')
    assert page.locator('[data-evidence-kind="anpr_read"]').count() == 1
    found["alert"] = _axe_violations(page)
    page.screenshot(path=str(tmp_path / "alert.png"), full_page=True)
    page.click("text=The person's bail and conditions")
    assert page.locator('[data-condition="EXCLUSION_AREA"]').count() == 1
    found["bail"] = _axe_violations(page)
    page.screenshot(path=str(tmp_path / "bail.png"), full_page=True)
    page.go_back()
    page.fill("#action_taken", "Camera image checked: a different driver")
    page.click("button:has-text('Acknowledge alert')")
    assert page.url.endswith(f"/breaches?acknowledged={breach}")
    assert found == {key: [] for key in found}
    assert page.foreign_requests == []
    page.context.close()
