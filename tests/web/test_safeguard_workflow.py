"""Safeguarding pages: the register, an address's risk with its reasons and closure, and
referrals with their decisions; by form (no JavaScript) and in a real Chromium with axe-core:
register -> address risk -> record a referral and a decision."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import csrf_from
from tests.web.serving import served as served_app
from tests.web.test_browser import _axe_violations, _page, browser  # noqa: F401

from linewatch.access import DemoUser, seed_demo_users
from linewatch.collect import partner_record_id
from linewatch.safeguard import assess_cuckooing_risk
from linewatch.store import Store, tables
from linewatch.web import create_app
from safeguard.world import World, acting, at

HOUSING = "Rutland County Council Housing"


class Seeded:
    def __init__(self, store: Store, users: dict[str, DemoUser], ids: dict[str, str]) -> None:
        self.store, self.users, self.ids = store, users, ids


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, cheap_hashing: None) -> Iterator[Seeded]:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('safeguarding') / 'linewatch.db'}")
    store.migrate()
    users = {u.user_id: u for u in seed_demo_users(store)}
    w = World(store)
    home = w.address("12 Willow Crescent, Oakham", "LE15 6EQ", source="H-1")
    mary = w.person(
        "H-1",
        "Mary Clarke",
        organisation=HOUSING,
        date_of_birth="1961-04-02",
        vulnerability=("LIVES_ALONE", "LEARNING_DISABILITY"),
    )
    with store.begin() as conn:
        conn.execute(
            tables.partner_records.insert().values(
                id=partner_record_id(HOUSING, "H-1"),
                organisation=HOUSING,
                record_type="housing_tenancy",
                recorded_at=at("2025-06-01"),
                content="Tenant vulnerable, lives alone. Visitors late at night.",
            )
        )
    w.link("LIVES_AT", mary, home, record_id="H-1", organisation=HOUSING)
    w.report(
        "IR-1",
        "Young lads at number 12 at all hours; think the flat has been taken over.",
        "2026-02-10",
        [(home, {"full": "12 Willow Crescent, Oakham"})],
    )
    deal = w.phone("07700 900123", source="P-0001")
    w.deal_line(deal)
    jay = w.person("N11", "Jay")
    w.link("USES_PHONE", jay, w.phone("07700900123", source="N11"), record_id="N11")
    assess_cuckooing_risk(acting(store))
    yield Seeded(store, users, {"home": home, "mary": mary, "jay": jay})
    store.dispose()


def _signed_in(seeded: Seeded, user_id: str) -> TestClient:
    client = TestClient(create_app(seeded.store), base_url="http://testserver")
    form = client.get("/sign-in")
    data = {
        "user_id": user_id,
        "password": seeded.users[user_id].password,
        "csrf_token": csrf_from(form.text),
    }
    assert client.post("/sign-in", data=data, follow_redirects=False).status_code == 303
    return client


def test_the_register_shows_markers_with_their_records_and_filters(seeded: Seeded) -> None:
    with _signed_in(seeded, "officer") as client:
        page = client.get("/safeguard/register")
        assert page.status_code == 200
        assert 'href="/safeguard/register"' in page.text  # in the navigation
        assert f'data-person="{seeded.ids["mary"]}"' in page.text
        assert 'data-marker="LEARNING_DISABILITY"' in page.text
        assert "Tenant vulnerable, lives alone." in page.text
        assert f"/safeguard/referrals/new?person_id={seeded.ids['mary']}" in page.text
        assert f'href="/safeguard/addresses/{seeded.ids["home"]}"' in page.text
        adults = client.get("/safeguard/register?kind=address")
        assert 'data-register="people"' not in adults.text
        assert 'data-register="addresses"' in adults.text
        assert client.get("/safeguard/register?kind=pets").status_code == 422
    for user_id in ("partner", "pcc"):
        with _signed_in(seeded, user_id) as client:
            assert client.get("/safeguard/register").status_code == 403


def test_an_address_page_gives_every_reason_and_refuses_a_notice_too_long(
    seeded: Seeded,
) -> None:
    home = seeded.ids["home"]
    with _signed_in(seeded, "officer") as client:
        page = client.get(f"/safeguard/addresses/{home}")
        assert page.status_code == 200
        assert "12 Willow Crescent, Oakham, LE15 6EQ" in page.text
        assert "data-reasons" in page.text and "Report IR-1" in page.text
        assert 'data-closure-status="NONE"' in page.text
        token = csrf_from(page.text)
        long = client.post(
            f"/safeguard/addresses/{home}/closure",
            data={
                "csrf_token": token,
                "step": "notice",
                "notice_served_at": "2026-02-26T09:00",
                "notice_rank": "INSPECTOR",
                "notice_authorised_by": "Insp Khan",
                "notice_expires_at": "2026-02-27T12:00",
                "bars_residents": "no",
            },
        )
        assert long.status_code == 400
        assert "runs at most 24 hours" in long.text and 'href="#notice_expires_at"' in long.text
        barring = client.post(
            f"/safeguard/addresses/{home}/closure",
            data={
                "csrf_token": token,
                "step": "notice",
                "notice_served_at": "2026-02-26T09:00",
                "notice_rank": "INSPECTOR",
                "notice_authorised_by": "Insp Khan",
                "notice_expires_at": "2026-02-27T09:00",
                "bars_residents": "yes",
            },
        )
        assert barring.status_code == 400 and 'href="#bars_residents"' in barring.text
        assert "cannot bar the owner or the people who habitually live there" in barring.text
        served = client.post(
            f"/safeguard/addresses/{home}/closure",
            data={
                "csrf_token": token,
                "step": "notice",
                "notice_served_at": "2026-02-26T09:00",
                "notice_rank": "INSPECTOR",
                "notice_authorised_by": "Insp Khan",
                "notice_expires_at": "2026-02-27T09:00",
                "bars_residents": "no",
            },
            follow_redirects=False,
        )
        assert served.status_code == 303
        assert client.get("/safeguard/addresses/nope").status_code == 404


def test_the_referral_list_prompts_a_child_and_a_decision_out_of_order_is_refused(
    seeded: Seeded,
) -> None:
    jay = seeded.ids["jay"]
    with _signed_in(seeded, "officer") as client:
        listing = client.get("/safeguard/referrals")
        assert f'data-needs-referral="{jay}"' in listing.text
        form = client.get(f"/safeguard/referrals/new?person_id={jay}&may_be_child=yes")
        token = csrf_from(form.text)
        made = client.post(
            "/safeguard/referrals",
            data={
                "csrf_token": token,
                "person_id": jay,
                "referral_type": "NRM",
                "made_at": "2026-02-20T10:00",
                "may_be_child": "yes",
            },
            follow_redirects=False,
        )
        assert made.status_code == 303
        location = made.headers["location"].split("?")[0]
        wrong = client.post(
            f"{location}/decisions",
            data={
                "csrf_token": token,
                "decision": "POSITIVE_CG",
                "decided_at": "2026-04-01T10:00",
                "decided_by": "Single Competent Authority",
            },
        )
        assert wrong.status_code == 400
        assert "needs a positive reasonable grounds decision first" in wrong.text
        right = client.post(
            f"{location}/decisions",
            data={
                "csrf_token": token,
                "decision": "POSITIVE_RG",
                "decided_at": "2026-02-24T10:00",
                "decided_by": "Single Competent Authority",
            },
            follow_redirects=True,
        )
        assert 'data-status="POSITIVE_RG"' in right.text and "Decision recorded" in right.text
        listing = client.get("/safeguard/referrals")
        assert f'data-needs-referral="{jay}"' not in listing.text
    with _signed_in(seeded, "analyst") as client:
        assert "Record a referral" not in client.get("/safeguard/referrals").text


@pytest.fixture(scope="module")
def served(seeded: Seeded) -> Iterator[str]:
    with served_app(seeded.store) as url:
        yield url


@pytest.mark.browser
def test_from_the_register_to_a_referral_and_its_decision(
    browser: Any,  # noqa: F811
    served: str,
    seeded: Seeded,
    tmp_path: Path,
) -> None:
    shots = Path(__import__("os").environ.get("LINEWATCH_SHOTS", str(tmp_path)))
    page = _page(browser, served)
    page.goto("/sign-in")
    page.fill("#user_id", "officer")
    page.fill("#password", seeded.users["officer"].password)
    page.click("button:has-text('Sign in')")
    page.click("nav[aria-label='Main navigation'] a:has-text('Safeguarding')")
    page.wait_for_url("**/safeguard/register")
    assert page.locator("h1").inner_text() == "Vulnerability register"
    found = {"register": _axe_violations(page)}
    page.screenshot(path=str(shots / "register.png"), full_page=True)
    page.click(f'[data-address="{seeded.ids["home"]}"] a.govuk-link >> nth=0')
    assert "/safeguard/addresses/" in page.url
    page.click("summary:has-text('Reports')")
    page.locator("text=Report IR-1").first.wait_for(state="visible")
    found["address"] = _axe_violations(page)
    page.screenshot(path=str(shots / "address.png"), full_page=True)
    page.click("nav[aria-label='Safeguarding pages'] a:has-text('Referrals')")
    page.wait_for_url("**/safeguard/referrals")
    found["referrals"] = _axe_violations(page)
    page.click("a:has-text('Record a referral')")
    page.wait_for_url("**/safeguard/referrals/new")
    found["new referral"] = _axe_violations(page)
    page.fill("#person_id", seeded.ids["mary"])
    page.check("input[name='referral_type'][value='ADULT_SOCIAL_CARE']")
    page.fill("#made_at", "2026-02-20T10:00")
    page.check("#consent_obtained")
    page.click("button:has-text('Record referral')")
    page.locator(".govuk-notification-banner").wait_for(state="visible")
    page.check("input[name='decision'][value='ACCEPTED']")
    page.fill("#decided_at", "2026-02-19T10:00")
    page.fill("#decided_by", "Rutland Adult Social Care")
    page.click("button:has-text('Record decision')")
    page.locator(".govuk-error-summary").wait_for(state="visible")
    found["decision with errors"] = _axe_violations(page)
    page.fill("#decided_at", "2026-02-21T10:00")
    page.click("button:has-text('Record decision')")
    page.locator("[data-decision='ACCEPTED']").wait_for(state="visible")
    found["referral"] = _axe_violations(page)
    page.screenshot(path=str(shots / "referral.png"), full_page=True)
    assert found == {key: [] for key in found}
    assert page.foreign_requests == []
    page.context.close()
