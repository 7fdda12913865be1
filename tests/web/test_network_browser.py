"""The network pages in a real Chromium: a person's network drawn with cytoscape.js, a node
expanded by clicking it (its rows added to the tables below the drawing), the drawing
filtered by link type, and axe-core's checks throughout.

Skips, like the other browser tests, only when Chromium is missing and not required.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from tests.web.conftest import Seeded
from tests.web.serving import served
from tests.web.test_browser import _axe_violations, _page, _sign_in, browser

from linewatch.access import seed_demo_users
from linewatch.store import Store
from network.smallpicture import SmallPicture, write_small_picture

pytestmark = pytest.mark.browser

__all__ = ["browser"]

SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


@pytest.fixture(scope="module")
def world(
    tmp_path_factory: pytest.TempPathFactory, cheap_hashing: None
) -> Iterator[tuple[Seeded, SmallPicture]]:
    path = tmp_path_factory.mktemp("network-browser") / "linewatch.db"
    store = Store(f"sqlite:///{path}")
    store.migrate()
    seeded = Seeded(store, {u.user_id: u for u in seed_demo_users(store)})
    yield seeded, write_small_picture(store)
    store.dispose()


@pytest.fixture(scope="module")
def app_url(world: tuple[Seeded, SmallPicture]) -> Iterator[str]:
    with served(world[0].store) as url:
        yield url


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _drawn(page: Any) -> set[str]:
    ids: list[str] = page.evaluate("() => window.lwNetwork.nodes().map(n => n.id())")
    return set(ids)


def _click_node(page: Any, entity_id: str) -> None:
    """Click the node where cytoscape drew it, as a user would."""
    canvas = page.locator("[data-network-canvas]")
    # Nothing still loading that could move the drawing between measuring and clicking.
    page.wait_for_load_state("networkidle")
    # The whole drawing in view: "if needed" would stop at its first visible pixel.
    canvas.evaluate("element => element.scrollIntoView({block: 'center', behavior: 'instant'})")
    for attempt in range(3):
        box = canvas.bounding_box()
        assert box is not None
        x, y = page.evaluate(_SETTLED_POSITION, entity_id)
        assert 0 <= x <= box["width"] and 0 <= y <= box["height"], (x, y, box)
        # The click must reach the node: it asks the server for that node's links. Once in a
        # while the page is still settling (a scroll, a resize) as the pointer lands, so the
        # node is measured again and clicked again, as a user would, before giving up.
        try:
            with page.expect_response(lambda r: f"around={entity_id}" in r.url, timeout=4_000):
                page.mouse.click(box["x"] + x, box["y"] + y)
            return
        except PlaywrightTimeout:
            if attempt == 2:
                raise


# The node's place on screen once two frames in a row agree on it.
_SETTLED_POSITION = """async id => {
  const node = window.lwNetwork.getElementById(id);
  const frame = () => new Promise(done => requestAnimationFrame(() => done()));
  let last = node.renderedPosition();
  for (let i = 0; i < 30; i++) {
    await frame();
    const now = node.renderedPosition();
    if (Math.abs(now.x - last.x) < 0.5 && Math.abs(now.y - last.y) < 0.5) return [now.x, now.y];
    last = now;
  }
  return [last.x, last.y];
}"""


def _apply_filters(page: Any) -> None:
    # Wait for the new page, or the old page's drawing could be read in its place.
    with page.expect_navigation():
        page.click("button:has-text('Apply filters')")
    page.wait_for_function("() => window.lwNetwork !== undefined")


def test_analyst_opens_a_person_expands_a_node_and_filters(
    browser: Any, app_url: str, world: tuple[Seeded, SmallPicture]
) -> None:
    seeded, small = world
    ids = small.ids
    page = _page(browser, app_url)
    errors: list[str] = []  # a script refused by the pages' CSP shows up here
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    _sign_in(page, seeded, "analyst")

    page.goto(f"/entities/{ids['runner']}")
    page.click("[data-network-link]")
    assert page.locator("h1").inner_text() == "Jay Runner"
    page.select_option("#hops", "1")
    _apply_filters(page)
    one_step = _drawn(page)
    # The runner, their phone, car and associate; the associate's associate is a step further.
    assert {ids["runner"], ids["runner_phone"], ids["runner_car"], ids["far"]} <= one_step
    assert ids["farther"] not in one_step
    runner_row = page.locator(f"[data-node='{ids['runner']}']").inner_text()
    assert "Runner" in runner_row and "Potential victim" in runner_row
    assert (
        page.evaluate(
            f"() => window.lwNetwork.getElementById('{ids['runner']}').data('role_class')"
        )
        == "both"
    )
    found = {"person": _axe_violations(page)}
    _shot(page, "network-person")

    _click_node(page, ids["far"])
    page.wait_for_function(f"() => window.lwNetwork.getElementById('{ids['farther']}').nonempty()")
    assert "Kit Far: 1 more node brought in" in page.inner_text("[data-network-status]")
    assert _drawn(page) == one_step | {ids["farther"]}
    # The text alternative keeps up: the node brought in has its row, as the server writes them.
    farther = page.locator(f"[data-network-nodes] [data-node='{ids['farther']}']")
    assert farther.count() == 1
    cells = farther.locator("td").all_inner_texts()
    assert cells[0] == "Lou Farther" and cells[1] == "Person" and cells[3] == "1", cells
    assert farther.locator("a").first.get_attribute("href") == f"/entities/{ids['farther']}"
    assert (
        farther.locator("a").nth(1).get_attribute("href") == f"/network/entities/{ids['farther']}"
    )
    nodes_listed = page.locator("[data-network-nodes] [data-node]").count()
    assert nodes_listed == len(one_step) + 1
    assert page.inner_text("[data-network-nodes-count]") == str(nodes_listed)
    between = page.locator("[data-network-links] [data-link]").all_inner_texts()
    new_link = [r for r in between if "Lou Farther" in r]
    assert len(new_link) == 1 and "Kit Far" in new_link[0], between
    assert "associates with" in new_link[0], new_link
    _shot(page, "network-person-expanded")

    page.check("#link_type-ASSOCIATES_WITH")
    _apply_filters(page)
    kept = {ids["runner"], ids["far"]}
    assert _drawn(page) == kept
    assert page.locator("[data-network-links] [data-link]").count() == 1
    assert "link_type=ASSOCIATES_WITH" in page.url
    found["person, filtered"] = _axe_violations(page)
    _shot(page, "network-person-filtered")

    page.goto("/network")
    assert page.locator("[data-key-players] [data-player]").count() >= 5
    page.check(f"[data-player='{ids['far']}'] input[name=remove]")
    with page.expect_navigation():
        page.click("button:has-text('Simulate removing the ticked')")
    assert page.locator("[data-disruption-chart] polyline").count() == 3
    assert "Kit Far" in page.inner_text('[data-strategy="analyst\'s list"]')
    found["key players and disruption"] = _axe_violations(page)
    _shot(page, "network-overview")

    with page.expect_navigation():
        page.click(f"a[href='/network/lines/{ids['line']}']")
    assert page.locator("[data-replacements]").count() >= 1
    page.wait_for_function("() => window.lwNetwork !== undefined")
    found["line"] = _axe_violations(page)
    _shot(page, "network-line")

    assert found == {name: [] for name in found}
    assert errors == []
    assert page.foreign_requests == []
    page.context.close()
