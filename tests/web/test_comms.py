"""The line and phone pages over the small scenario's call data: why a line was flagged,
its weeks and handover, a phone's hours and cell map; and both pages in Chromium with axe."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import Seeded, sign_in
from tests.web.serving import served
from tests.web.test_browser import _axe_violations, _page, _sign_in, browser

from linewatch.access import seed_demo_users, system_access
from linewatch.comms import analyse, import_calls
from linewatch.scenario import generate, load_ground_truth
from linewatch.store import Store
from linewatch.web import create_app

__all__ = ["browser"]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, cheap_hashing: None) -> Iterator[Any]:
    """A store and data folder holding the small scenario's calls, analysed."""
    root = tmp_path_factory.mktemp("comms-web")
    scenario = root / "scenario"
    generate(scenario, scale="small", seed=2026, as_of=date(2026, 11, 28))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LINEWATCH_DATA_DIR", str(root / "data"))
        store = Store(f"sqlite:///{root / 'linewatch.db'}")
        store.migrate()
        seeded = Seeded(store, {u.user_id: u for u in seed_demo_users(store)})
        access = system_access(store, "Preparing the comms pages test")
        import_calls(access, scenario / "calls")
        analyse(access)
        yield seeded, load_ground_truth(scenario)
        store.dispose()


def _digits(number: str) -> str:
    return number.removeprefix("+")


def test_a_line_page_says_why_it_was_flagged_and_shows_its_handover(world: Any) -> None:
    seeded, truth = world
    [handover] = truth.handovers
    with TestClient(create_app(seeded.store), base_url="http://testserver") as client:
        sign_in(client, seeded, "analyst")
        lines = client.get("/lines").text
        page = client.get(f"/comms/lines/{_digits(handover.new_number)}")

    assert f'href="/comms/lines/{_digits(handover.new_number)}"' in lines
    assert page.status_code == 200
    html = page.text
    assert "Why was this flagged?" in html and "flare" in html.lower()
    assert f"{handover.old_number} to {handover.new_number}" in html
    assert "customers contacted both numbers" in html
    assert "<svg" in html and "Texts sent by the line each week" in html


def test_a_phone_page_shows_hours_and_the_cell_map(world: Any) -> None:
    seeded, truth = world
    [handover] = truth.handovers
    with TestClient(create_app(seeded.store), base_url="http://testserver") as client:
        sign_in(client, seeded, "analyst")
        page = client.get(f"/comms/phones/{_digits(handover.old_number)}")
        refused = client.get("/comms/phones/not-a-number")

    assert page.status_code == 200 and refused.status_code in (404, 422)
    assert "Cells that served the phone" in page.text and "<circle" in page.text
    assert "Rutland" in page.text


@pytest.fixture(scope="module")
def comms_url(world: Any) -> Iterator[str]:
    seeded, _ = world
    with served(seeded.store) as url:
        yield url


@pytest.mark.browser
def test_line_and_phone_pages_pass_axe(
    browser: Any, comms_url: str, world: Any, tmp_path: Path
) -> None:
    seeded, truth = world
    [handover] = truth.handovers
    page = _page(browser, comms_url)
    _sign_in(page, seeded, "analyst")
    found = {}
    for path in (
        f"/comms/lines/{_digits(handover.new_number)}",
        f"/comms/phones/{_digits(handover.old_number)}",
    ):
        page.goto(path)
        found[path] = _axe_violations(page)
        page.screenshot(path=str(tmp_path / f"{path.split('/')[2]}.png"), full_page=True)
    assert found == {path: [] for path in found}
    assert page.foreign_requests == []
