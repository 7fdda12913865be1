"""Intake in a real Chromium: the public form with and without JavaScript, on a desktop and a
phone, the call handler's and the officer's forms, each page checked by axe-core, and each
report found in the intelligence officer's triage queue."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from tests.web.conftest import Seeded
from tests.web.serving import served
from tests.web.test_browser import _axe_violations, _page, _sign_in, browser
from tests.web.test_intake import intake_store

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
SHOTS = os.environ.get("LINEWATCH_SCREENSHOTS")  # a folder to keep screenshots in, if set

__all__ = ["browser", "intake_store"]


@pytest.fixture(scope="module")
def intake_url(intake_store: Seeded) -> Iterator[str]:
    with served(intake_store.store) as url:
        yield url


def _shot(page: Any, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def _fits(page: Any) -> bool:
    width: int = page.evaluate("() => document.documentElement.scrollWidth")
    return width <= page.viewport_size["width"]


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_a_member_of_the_public_reports_and_gets_a_reference(
    browser: Any, intake_url: str, viewport: dict[str, int] | None
) -> None:
    page = _page(browser, intake_url)
    if viewport:
        page.set_viewport_size(viewport)
    name = "phone" if viewport else "desktop"
    found: dict[str, Any] = {}
    page.goto("/report")
    found["form"] = _axe_violations(page)
    page.click("summary:has-text('What to tell us about')")
    assert page.locator("text=a vulnerable neighbour").is_visible()
    _shot(page, f"report-{name}")

    page.click("button:has-text('Send report')")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Error:")
    found["errors"] = _axe_violations(page)
    _shot(page, f"report-errors-{name}")

    page.fill("#text", "Young lads on bikes at the flats on Mill Street every night.")
    page.check("#contact-2")
    page.click("button:has-text('Send report')")
    reference = page.locator("[data-reference]").inner_text()
    assert reference.startswith("WEB-")
    found["received"] = _axe_violations(page)
    _shot(page, f"report-received-{name}")
    assert found == {key: [] for key in found}
    assert _fits(page)
    assert page.context.cookies() == []
    assert page.foreign_requests == []
    page.context.close()


def test_the_public_form_works_without_javascript(browser: Any, intake_url: str) -> None:
    context = browser.new_context(base_url=intake_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/report")
    page.fill("#text", "The same grey car waits outside the school at 3pm.")
    page.check("#contact")
    page.fill("#contact_email", "someone@example.org")
    page.click("button:has-text('Send report')")
    assert page.locator("[data-reference]").inner_text().startswith("WEB-")
    assert context.cookies() == []
    context.close()


def test_call_handler_and_officer_record_and_the_reports_reach_triage(
    browser: Any, intake_url: str, intake_store: Seeded
) -> None:
    found: dict[str, Any] = {}
    handler = _page(browser, intake_url)
    _sign_in(handler, intake_store, "callhandler")
    assert handler.url == f"{intake_url}/intake"
    found["/intake"] = _axe_violations(handler)
    handler.click("text=Record a 101 call or Crimestoppers report")
    found["/intake/call"] = _axe_violations(handler)
    handler.check("#route-2")
    handler.fill("#source_ref", "CS-2026-0042")
    handler.fill("#text", "Crimestoppers: a cuckooed flat on Station Road, visitors all night.")
    handler.fill("#occurred_at", "26/11/2026 23:00")
    handler.click("button:has-text('Record report')")
    call_ref = handler.locator("[data-reference]").inner_text()
    found["recorded"] = _axe_violations(handler)
    handler.goto("/intake")
    assert call_ref in handler.locator("[data-recorded]").inner_text()
    _shot(handler, "intake-home")
    handler.context.close()

    officer = _page(browser, intake_url)
    officer.set_viewport_size(PHONE)
    _sign_in(officer, intake_store, "officer")
    officer.goto("/intake/officer")
    found["/intake/officer"] = _axe_violations(officer)
    assert _fits(officer)
    officer.check("#how_known")
    officer.fill("#text", "Saw a handover by the bus shelter on High Street, Oakham.")
    officer.fill("#location_text", "High Street, Oakham")
    _shot(officer, "intake-officer-phone")
    officer.click("button:has-text('Record report')")
    officer_ref = officer.locator("[data-reference]").inner_text()
    assert _fits(officer)
    officer.context.close()

    intel = _page(browser, intake_url)
    _sign_in(intel, intake_store, "intel")
    intel.goto("/triage?limit=500")
    queue = intel.locator("[data-triage]").inner_text()
    assert call_ref in queue and officer_ref in queue
    assert found == {key: [] for key in found}
    intel.context.close()
