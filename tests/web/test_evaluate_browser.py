"""The intelligence officer's round in a real Chromium: from triage to a graded, sanitised
report, with axe-core's checks on the report, grading and sanitising pages.

Skips, like the other browser tests, only when Chromium is missing and not required.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.web.conftest import Seeded
from tests.web.evaluate_world import build_world
from tests.web.serving import served
from tests.web.test_browser import _axe_violations, _page, _sign_in, browser

from linewatch.collect import report_id
from linewatch.evaluate.processing import drain

pytestmark = pytest.mark.browser

__all__ = ["browser"]

SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, cheap_hashing: None) -> Iterator[Seeded]:
    seeded = build_world(tmp_path_factory.mktemp("evaluate-browser"))
    yield seeded
    seeded.store.dispose()


@pytest.fixture(scope="module")
def app_url(world: Seeded) -> Iterator[str]:
    with served(world.store) as url:
        yield url


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_officer_grades_and_sanitises_a_report_from_triage(
    browser: Any, app_url: str, world: Seeded
) -> None:
    page = _page(browser, app_url)
    _sign_in(page, world, "intel")
    # Near-duplicate detection runs by itself after intake (the served app's worker); draining
    # the queue makes certain it has, so the copy is already out of triage and the button
    # finds nothing new.
    drain(world.store)
    page.goto("/triage")
    assert page.locator("[data-report='IR-WEB-AGAIN']").count() == 0
    page.click("button:has-text('Check for near-duplicate reports')")
    assert "0 new copies" in page.locator("[data-duplicates-found]").inner_text()
    found = {"triage": _axe_violations(page)}
    _shot(page, "evaluate-triage")

    page.click("[data-triage] a:has-text('IR-WEB')")
    web = report_id("IR-WEB")
    assert page.url == f"{app_url}/reports/{web}"
    assert page.locator("h1").inner_text() == "IR-WEB"
    assert "Seen in 2 reports from 2 independent sources" in page.inner_text("[data-mentions]")
    assert "IR-WEB-AGAIN" in page.inner_text("[data-duplicates]")
    found["report"] = _axe_violations(page)
    _shot(page, "evaluate-report")

    page.click("text=Grade this report")
    assert page.locator("#source_evaluation-2").is_checked()  # the suggested 2 Untested
    assert page.locator("#intelligence_assessment-4").is_checked()  # D
    page.check("#handling_code-2")  # C, which needs its conditions
    page.click("button:has-text('Save grade')")
    summary = page.locator(".govuk-error-summary")
    assert "Enter the handling conditions" in summary.inner_text()
    found["grade, with an error"] = _axe_violations(page)
    _shot(page, "evaluate-grade-error")
    page.fill("#handling_conditions", "Not to leave the force without the source handler")
    page.click("button:has-text('Save grade')")
    assert "The grade is saved" in page.inner_text(".govuk-notification-banner")
    assert page.locator('[data-history] [data-grade="2/D/C"]').count() == 1

    page.click("a[href$='/sanitise']")
    kinds = page.locator("[data-redaction]").evaluate_all(
        "items => items.map(i => i.dataset.redaction)"
    )
    assert kinds == ["relationship", "viewpoint", "time"]
    found["sanitise"] = _axe_violations(page)
    _shot(page, "evaluate-sanitise")
    page.click("button:has-text('Apply selected redactions')")
    text = page.input_value("#text")
    assert "neighbour" not in text and "3am" not in text and "in the early hours" in text
    page.click("button:has-text('Confirm sanitised text')")
    assert "The sanitised text is confirmed" in page.inner_text(".govuk-notification-banner")
    assert "in the early hours" in page.inner_text("[data-report-text]")
    assert "Confirmed by intel" in page.inner_text("[data-sanitised]")

    page.click("[data-show-original]")
    assert "My neighbour" in page.inner_text("[data-original]")
    found["report, with the original"] = _axe_violations(page)
    _shot(page, "evaluate-report-done")

    page.click("[data-mentions] a[href^='/entities/']")
    assert page.inner_text("[data-corroboration]") == (
        "Seen in 2 reports from 2 independent sources."
    )
    found["entity, with its reports"] = _axe_violations(page)
    _shot(page, "evaluate-entity")
    assert found == {name: [] for name in found}
    assert page.foreign_requests == []
    page.context.close()
