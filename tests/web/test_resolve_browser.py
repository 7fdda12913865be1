"""The analyst's round of the record-match queue in a real Chromium: queue, pair, accept, the
entity shows both records, split, and both records stand apart again with their own links;
axe-core checks each page.

Skips, like the other browser tests, only when Chromium is missing and not required.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.web.serving import served
from tests.web.test_browser import _axe_violations, _page, browser
from tests.web.test_resolve import LEFT, RIGHT, MatchWorld, build_match_world

from linewatch.store import Store

pytestmark = pytest.mark.browser

__all__ = ["browser"]

SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, cheap_hashing: None) -> Iterator[MatchWorld]:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('resolve-browser') / 'linewatch.db'}")
    store.migrate()
    yield build_match_world(store)
    store.dispose()


@pytest.fixture(scope="module")
def app_url(world: MatchWorld) -> Iterator[str]:
    with served(world.store) as url:
        yield url


def _sign_in(page: Any, world: MatchWorld, user_id: str) -> None:
    page.goto("/sign-in")
    page.fill("#user_id", user_id)
    page.fill("#password", world.users[user_id].password)
    page.click("button:has-text('Sign in')")
    page.wait_for_load_state()


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_analyst_accepts_a_match_then_splits_it_again(
    browser: Any, app_url: str, world: MatchWorld
) -> None:
    page = _page(browser, app_url)
    _sign_in(page, world, "analyst")
    page.click("nav a:has-text('Matches')")
    assert page.url == f"{app_url}/matches"
    assert page.locator("[data-queue] tbody tr").count() == 1
    found = {"queue": _axe_violations(page)}
    _shot(page, "resolve-queue")

    page.click(f"[data-pair='{LEFT}|{RIGHT}'] a")
    assert page.url == f"{app_url}/matches/{LEFT}/{RIGHT}"
    assert page.locator("[data-left]").first.inner_text() == "SMITH, Jayden"
    assert page.locator("[data-right]").first.inner_text() == "J. Smith"
    weights = page.locator("[data-weights] tbody tr")
    assert weights.count() == 5  # the prior and four comparisons
    assert "same surname" in page.inner_text("[data-weight='surname']")
    assert page.inner_text("[data-weights] tbody tr:last-child td:last-child") == "0.7200"
    page.click("button:has-text('Save decision')")
    assert "Choose to accept or reject" in page.inner_text(".govuk-error-summary")
    found["pair, with errors"] = _axe_violations(page)
    _shot(page, "resolve-pair-error")

    page.check("#decision")
    page.fill("#reason", "Same phone in the social care notes; school confirms")
    page.click("button:has-text('Save decision')")
    assert "The records are merged" in page.inner_text(".govuk-notification-banner")
    assert "Merged" in page.inner_text("[data-status]")
    found["pair, merged"] = _axe_violations(page)
    _shot(page, "resolve-pair-merged")

    page.click(".govuk-notification-banner a[href^='/entities/']")
    members = page.locator("[data-members] li").all_inner_texts()
    assert sorted(members) == sorted([LEFT, RIGHT])
    assert "07700 900101" in page.content() and "07700 900555" in page.content()
    found["entity, merged"] = _axe_violations(page)

    page.click("nav a:has-text('Matches')")
    found["queue, with the merge"] = _axe_violations(page)
    page.click(f"[data-merge='{LEFT}|{RIGHT}'] a")
    assert page.url == f"{app_url}/matches/{LEFT}/{RIGHT}"
    page.fill("#reason", "Different child: the school has both on roll")
    page.click("button:has-text('Split these records')")
    assert "The merge is undone" in page.inner_text(".govuk-notification-banner")
    found["pair, split"] = _axe_violations(page)
    _shot(page, "resolve-pair-split")

    for record, own, other in (
        (LEFT, "07700 900101", "07700 900555"),
        (RIGHT, "07700 900555", "07700 900101"),
    ):
        page.click(f".govuk-notification-banner a[href='/entities/{record}']")
        assert "rests on one record only" in page.content()
        assert own in page.content() and other not in page.content()
        page.go_back()
    page.goto("/matches")
    assert page.locator("[data-queue-empty]").count() == 1
    assert found == {name: [] for name in found}
    assert page.foreign_requests == []
    page.context.close()
