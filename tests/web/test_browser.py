"""The web app in a real Chromium: signing in, the dashboard, an entity page, the PCC office's
limits, and axe-core's accessibility checks.

These skip (with the reason) only when /usr/bin/chromium is missing and
LINEWATCH_REQUIRE_BROWSER is not "1"; CI sets it, so a missing browser fails there.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.web.conftest import Seeded
from tests.web.serving import served

from linewatch.web.assets import find_node_modules

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium to run the browser tests"
        if os.environ.get("LINEWATCH_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason} (LINEWATCH_REQUIRE_BROWSER=1)")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def base_url(seeded: Seeded) -> Iterator[str]:
    """The app served by uvicorn in a thread, on a port the OS picked."""
    with served(seeded.store) as url:
        yield url


def _page(browser: Any, base_url: str) -> Any:
    # axe-core is injected as an inline script, which the pages' CSP would rightly refuse.
    context = browser.new_context(
        base_url=base_url, bypass_csp=True, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    foreign: list[str] = []
    page.on(
        "request",
        lambda request: (
            foreign.append(request.url)
            if not request.url.startswith(base_url) and not request.url.startswith("data:")
            else None
        ),
    )
    page.foreign_requests = foreign
    return page


def _sign_in(page: Any, seeded: Seeded, user_id: str) -> None:
    page.goto("/sign-in")
    page.fill("#user_id", user_id)
    page.fill("#password", seeded.users[user_id].password)
    page.click("button:has-text('Sign in')")
    page.wait_for_load_state()


def _axe_violations(page: Any) -> list[dict[str, Any]]:
    axe = find_node_modules() / "axe-core" / "axe.min.js"
    page.add_script_tag(path=str(axe))
    violations: list[dict[str, Any]] = page.evaluate("async () => (await axe.run()).violations")
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]} for v in violations]


def test_analyst_signs_in_sees_the_dashboard_and_an_entitys_sources(
    browser: Any, base_url: str, seeded: Seeded
) -> None:
    page = _page(browser, base_url)
    _sign_in(page, seeded, "analyst")
    assert page.url == f"{base_url}/"
    assert page.locator("h1").inner_text() == "The picture at a glance"
    assert "Analyst" in page.locator("[data-signed-in]").inner_text()
    assert page.locator("[data-classification]").inner_text() == "OFFICIAL-SENSITIVE"

    page.click("text=07700 900123")
    assert page.url == f"{base_url}/entities/{seeded.phone}"
    assert page.locator("h1").inner_text() == "07700 900123"
    sources = page.locator("table[data-properties] [data-source]")
    assert sources.count() == 2
    assert "2/B/P" in sources.nth(1).inner_text() or "2/B/P" in sources.nth(0).inner_text()

    why = page.locator('[data-assessment="DEAL_LINE"] details')
    assert not why.locator("text=comms.deal_line_rules").is_visible()
    why.locator("summary").click()
    assert why.locator("text=comms.deal_line_rules version 1").is_visible()
    assert page.foreign_requests == []
    page.context.close()


def test_pcc_office_is_refused_an_entity_and_sees_performance(
    browser: Any, base_url: str, seeded: Seeded
) -> None:
    page = _page(browser, base_url)
    _sign_in(page, seeded, "pcc")
    assert page.url == f"{base_url}/pcc"
    assert page.locator("h1").inner_text() == "Performance against County Lines"
    assert page.locator("[data-figure]").count() >= 5

    response = page.goto(f"/entities/{seeded.person_report}")
    assert response is not None and response.status == 403
    assert "You do not have permission" in page.locator("h1").inner_text()
    assert "Jayden" not in page.content()
    page.context.close()


def test_pages_pass_axe_and_use_arial_never_the_gov_uk_typeface(
    browser: Any, base_url: str, seeded: Seeded
) -> None:
    page = _page(browser, base_url)
    page.goto("/sign-in")
    found = {"/sign-in": _axe_violations(page)}
    _sign_in(page, seeded, "intel")
    for path in ("/", f"/entities/{seeded.phone}", "/triage", "/lines", "/search?q=cole", "/pcc"):
        page.goto(path)
        found[path] = _axe_violations(page)
    assert found == {path: [] for path in found}

    fonts = page.evaluate(
        "() => [...document.querySelectorAll('body, h1, a, td, th, button')]"
        ".map(e => getComputedStyle(e).fontFamily)"
    )
    assert fonts and not [f for f in fonts if "GDS Transport" in f]
    assert page.evaluate("() => [...document.fonts].filter(f => f.status === 'loaded').length") == 0
    assert page.foreign_requests == []
    page.context.close()
