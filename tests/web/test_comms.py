"""The line and phone pages over the small scenario's call data and records: why a line was
flagged, its weeks and handover, its runners and holder with reasons and the people and vehicles
tied to them; a phone's hours, days, cell map and co-location; both pages in Chromium with axe."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from tests.web.conftest import Seeded, sign_in
from tests.web.serving import served
from tests.web.test_browser import _axe_violations, _page, _sign_in, browser

from linewatch import collect, resolve
from linewatch.access import seed_demo_users, system_access
from linewatch.comms import analyse, import_calls
from linewatch.scenario import generate, load_ground_truth
from linewatch.store import Store
from linewatch.web import create_app

__all__ = ["browser"]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, cheap_hashing: None) -> Iterator[Any]:
    """A store and data folder holding the small scenario's records and calls, resolved on
    exact identifiers and analysed."""
    root = tmp_path_factory.mktemp("comms-web")
    scenario = root / "scenario"
    generate(scenario, scale="small", seed=2026, as_of=date(2026, 11, 28))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LINEWATCH_DATA_DIR", str(root / "data"))
        store = Store(f"sqlite:///{root / 'linewatch.db'}")
        store.migrate()
        seeded = Seeded(store, {u.user_id: u for u in seed_demo_users(store)})
        access = system_access(store, "Preparing the comms pages test")
        collect.import_folder(access, scenario)
        import_calls(access, scenario / "calls")
        resolve.resolve_exact(access)
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


def _section(html: str, start: str, end: str) -> str:
    begin = html.index(start)
    return html[begin : html.index(end, begin)]


def test_a_line_page_shows_its_runners_and_holder_and_the_people_using_them(world: Any) -> None:
    seeded, truth = world
    [handover] = truth.handovers
    line = truth.line_of_number(handover.new_number)
    assert line is not None
    holder = truth.people[line.holder]
    runner_phones = {n for key in line.runners for n in truth.people[key].phones}
    with TestClient(create_app(seeded.store), base_url="http://testserver") as client:
        sign_in(client, seeded, "analyst")
        html = client.get(f"/comms/lines/{_digits(handover.new_number)}").text

    staff = _section(html, "Who works the line", "Linked people and vehicles")
    [holder_phone] = holder.phones
    assert f'data-staff="{holder_phone}" data-role="LINE_HOLDER"' in staff
    assert "stays away from the street dealing" in staff
    shown_runners = set(re.findall(r'data-staff="(\+\d+)" data-role="RUNNER"', staff))
    assert shown_runners and shown_runners <= runner_phones
    assert "served by cells in Rutland, where the line sells" in staff
    assert "travelling out to deal" in staff
    # Every record behind a linked person is a record of someone who works this line.
    linked = _section(html, 'data-linked="people"', "</table>")
    workers = {line.holder, *line.runners}
    behind = {
        key
        for key, person in truth.people.items()
        for organisation, record in person.records
        if str(escape(f"{organisation}:{record}")) in linked
    }
    assert holder.key in behind and behind <= workers
    vehicles = _section(html, 'data-linked="vehicles"', "</table>")
    assert any(vrm in vehicles for vrm in holder.vrms)


def test_a_runners_phone_page_shows_its_line_days_and_who_it_was_with(world: Any) -> None:
    seeded, truth = world
    [handover] = truth.handovers
    line = truth.line_of_number(handover.new_number)
    assert line is not None
    first, second = (truth.people[key].phones[-1] for key in line.runners[-2:])
    with TestClient(create_app(seeded.store), base_url="http://testserver") as client:
        sign_in(client, seeded, "analyst")
        html = client.get(f"/comms/phones/{_digits(first)}?with={_digits(second)}").text
        wrong = client.get(f"/comms/phones/{_digits(first)}?with=07700+9001").text
        same = client.get(f"/comms/phones/{_digits(first)}?with={_digits(first)}").text

    works = _section(html, "Works for a deal line", "<h2")
    assert 'data-role="RUNNER"' in works and "travelling out to deal" in works
    assert "Calls and texts by weekday and hour" in html
    days = _section(html, "data-days", "</table>")
    assert "Rutland" in days
    together = _section(html, "data-together", "</table>")
    assert "used the same cell within 60 minutes" in together
    assert len(re.findall(r"<tr class=\"govuk-table__row\">", together)) >= 2
    assert "govuk-error-message" in wrong and "Enter the other phone" in wrong
    assert "Enter a different number" in same


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
    line = truth.line_of_number(handover.new_number)
    runner = truth.people[line.runners[-1]].phones[-1]
    other = truth.people[line.runners[-2]].phones[-1]
    page = _page(browser, comms_url)
    _sign_in(page, seeded, "analyst")
    page.goto(f"/comms/lines/{_digits(handover.new_number)}")
    # The analyst sees why the line was flagged, who works it and why, and who they are.
    assert page.get_by_role("heading", name="Why was this flagged?").is_visible()
    holder = page.locator('[data-role="LINE_HOLDER"]')
    assert holder.count() == 1 and "stays away from the street dealing" in holder.inner_text()
    assert page.locator('[data-role="RUNNER"]').count() >= 2
    people = page.locator('[data-linked="people"]')
    assert people.is_visible() and people.get_by_role("link").count() >= 2
    page.locator('[data-role="LINE_HOLDER"] summary').click()
    assert page.locator('[data-role="LINE_HOLDER"] dl').is_visible()
    # From a runner's card to its phone page, then the co-location form.
    page.locator(f'[data-staff="{runner}"] h3 a').click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/comms/phones/{_digits(runner)}")
    page.fill("#with", other)
    page.click("button:has-text('Compare')")
    page.wait_for_load_state()
    assert "used the same cell" in page.locator("[data-together]").first.inner_text()
    found = {}
    for path in (
        f"/comms/lines/{_digits(handover.new_number)}",
        f"/comms/phones/{_digits(handover.old_number)}",
        f"/comms/phones/{_digits(runner)}?with={_digits(other)}",
        f"/comms/phones/{_digits(runner)}?with=not+a+number",
    ):
        page.goto(path)
        found[path] = _axe_violations(page)
        name = path.split("/")[2] + ("-with" if "with=" in path else "")
        page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
    assert found == {path: [] for path in found}
    assert page.foreign_requests == []
