"""Tasking and review pages in a real Chromium: the map of Rutland with its hotspots, the
patrol plan, the briefing (and its PDF), setting and completing a task, and the PCC report;
each page passes axe-core with no violations."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from tests.tasking.world import AS_OF, HOT, seed
from tests.web.conftest import cheap_hashing  # noqa: F401  (a fixture used below)
from tests.web.serving import served
from tests.web.test_browser import _axe_violations, _page, _sign_in, browser  # noqa: F401

from linewatch.access import DemoUser, seed_demo_users, system_access
from linewatch.store import Store
from linewatch.tasking import bundled_crime_file, import_crime

pytestmark = pytest.mark.browser


class World:
    def __init__(self, store: Store, users: dict[str, DemoUser]) -> None:
        self.store = store
        self.users = users


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, cheap_hashing: None) -> Iterator[World]:  # noqa: F811
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('tasking-web') / 'linewatch.db'}")
    store.migrate()
    users = {u.user_id: u for u in seed_demo_users(store)}
    seed(store)
    import_crime(system_access(store, "Loading open crime data"), bundled_crime_file())
    yield World(store, users)
    store.dispose()


@pytest.fixture(scope="module")
def base_url(world: World) -> Iterator[str]:
    with served(world.store) as url:
        yield url


def test_the_map_shows_rutland_and_its_hotspots(
    browser: Any,  # noqa: F811
    base_url: str,
    world: World,
    tmp_path: Path,
) -> None:
    page = _page(browser, base_url)
    _sign_in(page, world, "supervisor")
    page.goto(f"/hotspots?as_of={AS_OF}")
    assert page.locator("svg[data-map] [data-lsoa]").count() == 23
    assert page.locator("svg[data-map] [data-ward]").count() == 16
    assert page.locator(f'svg[data-map] [data-lsoa="{HOT}"]').get_attribute("data-level") == "HIGH"
    assert page.locator(f'tr[id="lsoa-{HOT}"]').inner_text().startswith("1")
    page.screenshot(path=str(tmp_path / "hotspots.png"), full_page=True)
    assert _axe_violations(page) == []
    page.goto(f"/patrol?as_of={AS_OF}")
    assert page.locator("[data-patrol] tbody tr").first.get_attribute("data-code") == HOT
    assert "21:00–23:00" in page.locator("[data-patrol] tbody tr").first.inner_text()
    assert _axe_violations(page) == []
    page.goto("/")
    assert page.locator("[data-hotspot-panel] svg[data-map]").count() == 1
    assert _axe_violations(page) == []
    assert page.foreign_requests == []


def test_the_briefing_sets_a_task_that_is_then_done(
    browser: Any,  # noqa: F811
    base_url: str,
    world: World,
) -> None:
    page = _page(browser, base_url)
    _sign_in(page, world, "supervisor")
    page.goto(f"/briefing?as_of={AS_OF}")
    assert page.locator("h2", has_text="County lines active").count() == 1
    assert page.locator("[data-briefing-hotspots] li").count() >= 1
    assert _axe_violations(page) == []
    pdf = page.request.get(f"/briefing.pdf?as_of={AS_OF}")
    assert pdf.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "Tactical tasking and co-ordination briefing" in text and "Test Runner" in text
    row = page.locator("[data-tasks] tbody tr", has_text="Patrol").first
    title = row.locator("td").first.inner_text()
    row.locator("button", has_text="Set task").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == title
    assert _axe_violations(page) == []
    page.fill("#owner", "officer")
    page.click("button:has-text('Assign')")
    page.wait_for_load_state()
    assert page.locator("[data-owner]").inner_text() == "officer"
    page.fill("#result", "Patrolled; two known faces moved on")
    page.click("button:has-text('Mark as done')")
    page.wait_for_load_state()
    assert page.locator("[data-status]").inner_text().startswith("Done")
    page.goto("/tasks")
    assert "Done" in page.locator("[data-task-list]").inner_text()
    assert _axe_violations(page) == []


def test_the_pcc_report_has_charts_and_downloads(
    browser: Any,  # noqa: F811
    base_url: str,
    world: World,
) -> None:
    page = _page(browser, base_url)
    _sign_in(page, world, "pcc")
    page.goto("/pcc?since=2026-01-01&until=2026-11-28")
    assert page.locator("svg[data-chart='arrests']").count() == 1
    assert page.locator("[data-figure='visits_overdue']").count() == 1
    assert _axe_violations(page) == []
    csv = page.request.get("/pcc.csv?since=2026-01-01&until=2026-11-28")
    assert csv.text().startswith("measure,label,unit,total,2026-01")
    pdf = page.request.get("/pcc.pdf?since=2026-01-01&until=2026-11-28")
    text = PdfReader(io.BytesIO(pdf.body())).pages[0].extract_text()
    assert "Performance against County Lines" in text
    page.goto("/hotspots")
    assert page.locator("h1").inner_text() != "Hotspots"  # the PCC office sees aggregates only
