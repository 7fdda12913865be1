"""The web app over HTTP (no browser): sign-in, CSRF, roles, pages, the JSON API and errors."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.web.conftest import Seeded, csrf_from

from linewatch.access import PCC_ORG, Access, get_actor, issue_api_token
from linewatch.resolve import entity_view
from linewatch.store import tables
from linewatch.web import create_app
from linewatch.web.views import PURPOSES

# -- signing in and out ------------------------------------------------------------------------


def test_pages_send_a_stranger_to_sign_in_and_back_afterwards(
    client: TestClient, seeded: Seeded
) -> None:
    page = client.get(f"/entities/{seeded.phone}", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == f"/sign-in?next=/entities/{seeded.phone}"

    form = client.get(page.headers["location"])
    assert 'name="next" value="/entities/' in form.text
    done = client.post(
        "/sign-in",
        data={
            "user_id": "analyst",
            "password": seeded.users["analyst"].password,
            "csrf_token": csrf_from(form.text),
            "next": f"/entities/{seeded.phone}",
        },
        follow_redirects=False,
    )
    assert done.headers["location"] == f"/entities/{seeded.phone}"


def test_session_cookie_is_httponly_lax_and_not_secure_on_plain_http(
    client: TestClient, seeded: Seeded
) -> None:
    form = client.get("/sign-in")
    response = client.post(
        "/sign-in",
        data={
            "user_id": "analyst",
            "password": seeded.users["analyst"].password,
            "csrf_token": csrf_from(form.text),
        },
        follow_redirects=False,
    )
    cookie = next(
        c for c in response.headers.get_list("set-cookie") if c.startswith("linewatch_session=")
    )
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Secure" not in cookie
    assert response.headers["location"] == "/"


def test_wrong_password_is_refused_without_a_session(client: TestClient) -> None:
    form = client.get("/sign-in")
    response = client.post(
        "/sign-in",
        data={
            "user_id": "analyst",
            "password": "not-the-password",
            "csrf_token": csrf_from(form.text),
        },
        follow_redirects=False,
    )
    assert response.status_code == 401
    assert "Enter a correct username and password" in response.text
    assert "linewatch_session" not in response.headers.get("set-cookie", "")
    assert client.get("/", follow_redirects=False).status_code == 303


def test_sign_in_without_the_forms_csrf_token_is_refused(
    client: TestClient, seeded: Seeded
) -> None:
    client.get("/sign-in")
    response = client.post(
        "/sign-in",
        data={
            "user_id": "analyst",
            "password": seeded.users["analyst"].password,
            "csrf_token": "forged",
        },
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert "linewatch_session" not in response.headers.get("set-cookie", "")


def test_sign_in_never_redirects_to_another_site(client: TestClient, seeded: Seeded) -> None:
    form = client.get("/sign-in?next=//evil.example/steal")
    assert "evil.example" not in form.text
    response = client.post(
        "/sign-in",
        data={
            "user_id": "analyst",
            "password": seeded.users["analyst"].password,
            "csrf_token": csrf_from(form.text),
            "next": "https://evil.example/",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_sign_out_needs_the_sessions_csrf_token(analyst: TestClient) -> None:
    refused = analyst.post("/sign-out", data={"csrf_token": "forged"}, follow_redirects=False)
    assert refused.status_code == 403
    assert analyst.get("/", follow_redirects=False).status_code == 200

    token = csrf_from(analyst.get("/").text)
    done = analyst.post("/sign-out", data={"csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303
    assert analyst.get("/", follow_redirects=False).status_code == 303


def test_every_post_form_carries_the_csrf_token(analyst: TestClient, seeded: Seeded) -> None:
    for path in ("/", f"/entities/{seeded.phone}", "/search?q=Jaybird", "/lines", "/pcc"):
        html = analyst.get(path).text
        forms = re.findall(r"<form[^>]*method=\"post\".*?</form>", html, re.S)
        assert forms, f"no POST form (sign out) on {path}"
        for form in forms:
            assert 'name="csrf_token"' in form, f"a POST form on {path} lacks the CSRF field"


# -- roles ---------------------------------------------------------------------------------------


def test_pcc_office_is_refused_personal_data_pages_and_api(pcc: TestClient, seeded: Seeded) -> None:
    for path in (f"/entities/{seeded.person_report}", "/search?q=Jaybird", "/lines", "/triage"):
        response = pcc.get(path)
        assert response.status_code == 403, path
        assert "You do not have permission" in response.text
        assert "Jayden" not in response.text
    for path in (f"/api/v1/entities/{seeded.person_report}", "/api/v1/lines", "/api/v1/alerts"):
        response = pcc.get(path)
        assert response.status_code == 403, path
        assert "Jayden" not in response.text


def test_pcc_office_starts_on_performance_and_sees_only_it(pcc: TestClient) -> None:
    home = pcc.get("/", follow_redirects=False)
    assert home.headers["location"] == "/pcc"
    page = pcc.get("/pcc")
    assert page.status_code == 200
    assert "Performance against County Lines" in page.text
    assert _nav(page.text) == ["/pcc"]
    # Aggregates only: marked OFFICIAL, not OFFICIAL-SENSITIVE.
    assert "OFFICIAL-SENSITIVE" not in page.text


def _nav(html: str) -> list[str]:
    return re.findall(r'class="moj-primary-navigation__link" href="([^"]+)"', html)


def test_navigation_follows_the_role(analyst: TestClient, intel: TestClient) -> None:
    assert _nav(analyst.get("/").text) == [
        "/",
        "/lines",
        "/alerts",
        "/network",
        "/briefing",
        "/hotspots",
        "/tasks",
        "/safeguard/register",
        "/matches",
        "/search",
        "/pcc",
    ]
    assert _nav(intel.get("/").text)[:2] == ["/", "/triage"]


def test_partner_sees_only_search_over_its_own_records(partner: TestClient, seeded: Seeded) -> None:
    assert partner.get("/", follow_redirects=False).headers["location"] == "/search"
    assert _nav(partner.get("/search").text) == ["/search"]
    # Lists drawn from every organisation's records stay with the force.
    for path in ("/lines", "/alerts", "/briefing", "/api/v1/lines", "/api/v1/briefing"):
        response = partner.get(path)
        assert response.status_code == 403, path
        assert "07700" not in response.text
    # Nothing here was submitted by or shared with the housing department.
    found = partner.get("/search", params={"q": "Jayden"}).text
    assert "0 results" in found and "/entities/" not in found
    assert partner.get(f"/entities/{seeded.person_report}").status_code == 403


def test_dashboard_shows_only_the_panels_a_role_may_see(
    analyst: TestClient, intel: TestClient
) -> None:
    # Triage belongs to those who grade reports; the stage refuses an analyst.
    assert 'data-card="/triage"' not in analyst.get("/").text
    page = intel.get("/").text
    assert 'data-card="/triage"' in page
    assert "IR-2026-000101" in page
    assert "Safeguarding" in page
    assert "07700 900123" in page  # the flagged deal line, as people write it
    assert "OFFICIAL-SENSITIVE" in page


# -- pages ---------------------------------------------------------------------------------------


def test_entity_page_shows_every_value_with_its_sources_and_grading(
    analyst: TestClient, seeded: Seeded
) -> None:
    page = analyst.get(f"/entities/{seeded.person_report}")
    assert page.status_code == 200
    html = page.text
    # Two sources disagree on how the name is written; both stay visible, each graded.
    assert "Jayden Cole" in html and "Jayden COLE" in html
    assert "1/A/P" in html and "2/B/P" in html
    assert "leics-police:NOM-4471" in html and seeded.report in html
    assert "Child at risk of criminal exploitation" in html
    # Merged from two records on a shared force reference, with the judgement behind it.
    assert seeded.person_nominal in html
    assert "exact:force_reference" in html
    # Links with their evidence.
    assert "12 Mill Street, Oakham" in html and "uses phone" in html
    assert f"Access recorded for: <strong>{PURPOSES['entity']}</strong>" in html
    assert "OFFICIAL-SENSITIVE" in html


def test_entity_page_explains_each_assessment(analyst: TestClient, seeded: Seeded) -> None:
    html = analyst.get(f"/entities/{seeded.phone}").text
    card = html.split('data-assessment="DEAL_LINE"', 1)[1].split("</details>", 1)[0]
    assert "86%" in card
    assert "Why?" in card
    assert "sent 14 bulk texts (flares) to 40 or more numbers" in card
    assert "PROD-0007" in card
    assert "comms.deal_line_rules version 1" in card


def test_search_finds_an_entity_by_nickname_and_links_to_it(
    analyst: TestClient, seeded: Seeded
) -> None:
    html = analyst.get("/search", params={"q": "jaybird"}).text
    assert "1 result" in html
    assert f'href="/entities/{seeded.person_report}"' in html


def test_triage_page_puts_safeguarding_first_with_a_tag_and_reasons(intel: TestClient) -> None:
    html = intel.get("/triage").text
    row = html.split('data-report="IR-2026-000101"', 1)[1].split("</tr>", 1)[0]
    assert "Safeguarding" in row
    assert "child or young person" in row


def test_lines_page_lists_the_flagged_phone_with_score_and_why(
    analyst: TestClient, seeded: Seeded
) -> None:
    html = analyst.get("/lines").text
    assert f'data-line="{seeded.phone}"' in html
    assert "86%" in html
    assert "78% of inbound calls last under a minute" in html


# -- the JSON API ----------------------------------------------------------------------------------


def test_api_entity_is_the_resolved_entity_view(analyst: TestClient, seeded: Seeded) -> None:
    response = analyst.get(f"/api/v1/entities/{seeded.person_nominal}")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == seeded.person_report  # the canonical id of the merged pair
    assert body["requested_id"] == seeded.person_nominal
    assert body["schema"] == "Person"
    assert sorted(body["members"]) == sorted([seeded.person_report, seeded.person_nominal])
    names = {p["value"]: p["sources"] for p in body["properties"] if p["prop"] == "name"}
    assert set(names) == {"Jayden Cole", "Jayden COLE"}
    assert names["Jayden COLE"][0]["grading"] == "1/A/P"
    assert {link["link_type"] for link in body["links"]} == {"LIVES_AT", "USES_PHONE"}
    assert all(link["evidence"] for link in body["links"])
    assert body["judgements"][0]["method"] == "exact:force_reference"


def test_api_answers_exactly_what_the_stage_returns(analyst: TestClient, seeded: Seeded) -> None:
    with seeded.store.connect() as conn:
        actor = get_actor(conn, "analyst")
    assert actor is not None
    stage = entity_view(Access(seeded.store, actor, PURPOSES["entity"], "API"), seeded.phone)
    assert analyst.get(f"/api/v1/entities/{seeded.phone}").json() == stage.to_dict()


def test_api_lines_alerts_and_search_shapes(analyst: TestClient, seeded: Seeded) -> None:
    lines = analyst.get("/api/v1/lines").json()["lines"]
    assert [line["phone_id"] for line in lines] == [seeded.phone]
    assert lines[0]["score"] == pytest.approx(0.86)
    assert lines[0]["method"] == "comms.deal_line_rules"
    assert analyst.get("/api/v1/alerts").json() == {"alerts": []}
    search = analyst.get("/api/v1/search", params={"q": "07700 900123"}).json()
    assert search["query"] == "07700 900123"
    assert search["results"][0]["id"] == seeded.phone


def test_api_triage_items_carry_reasons_and_safeguarding(intel: TestClient) -> None:
    body = intel.get("/api/v1/triage", params={"limit": 5}).json()
    assert body["limit"] == 5
    (item,) = body["items"]
    assert item["reference"] == "IR-2026-000101"
    assert item["safeguarding"] is True
    assert any("child" in reason for reason in item["reasons"])


def test_api_pcc_figures_are_aggregates_for_the_year_to_date(pcc: TestClient) -> None:
    body = pcc.get("/api/v1/pcc/figures").json()
    assert body["since"].endswith("-01-01")
    assert {f["key"] for f in body["figures"]} >= {"arrests", "referrals"}
    # Only the shown values reach the PCC office, never the raw count behind a "<N".
    assert all(
        set(f) == {"key", "label", "display", "by_month", "unit", "empty"} for f in body["figures"]
    )


def test_api_refuses_a_caller_without_cookie_or_token(client: TestClient) -> None:
    response = client.get("/api/v1/lines")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_api_accepts_an_organisations_bearer_token_in_its_role(
    client: TestClient, seeded: Seeded
) -> None:
    with seeded.store.begin() as conn:
        token = issue_api_token(conn, PCC_ORG)
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/pcc/figures", headers=auth).status_code == 200
    assert client.get(f"/api/v1/entities/{seeded.phone}", headers=auth).status_code == 403
    bad = client.get("/api/v1/pcc/figures", headers={"Authorization": "Bearer lw_wrong"})
    assert bad.status_code == 401


def test_views_are_audited_with_the_pages_purpose_and_channel(
    analyst: TestClient, seeded: Seeded
) -> None:
    analyst.get(f"/entities/{seeded.vehicle}")
    analyst.get(f"/api/v1/entities/{seeded.vehicle}")
    with seeded.store.connect() as conn:
        rows = conn.execute(
            select(tables.audit_log.c.channel, tables.audit_log.c.justification)
            .where(tables.audit_log.c.actor_id == "analyst")
            .order_by(tables.audit_log.c.seq.desc())
            .limit(2)
        ).all()
    assert [tuple(r) for r in rows] == [
        ("API", PURPOSES["entity"]),
        ("SCREEN", PURPOSES["entity"]),
    ]


# -- errors and malformed input -------------------------------------------------------------------


def test_unknown_entity_is_a_404_page_and_a_404_json(analyst: TestClient) -> None:
    page = analyst.get("/entities/per-does-not-exist")
    assert page.status_code == 404
    assert "Page not found" in page.text
    api = analyst.get("/api/v1/entities/per-does-not-exist")
    assert api.status_code == 404
    assert "per-does-not-exist" in api.json()["detail"]


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/search", "q"),
        ("/api/v1/triage?limit=lots", "limit"),
        ("/api/v1/triage?limit=0", "limit"),
        ("/api/v1/pcc/figures?since=2026-13-01", "since"),
        ("/api/v1/pcc/figures?since=2026-06-01&until=2026-01-01", "since"),
        ("/api/v1/briefing?as_of=yesterday", "as_of"),
    ],
)
def test_malformed_api_input_is_a_422_naming_the_field(
    analyst: TestClient, path: str, field: str
) -> None:
    response = analyst.get(path)
    assert response.status_code == 422
    assert [problem["loc"][-1] for problem in response.json()["detail"]] == [field]


def test_malformed_page_input_is_a_422_page_naming_the_field(analyst: TestClient) -> None:
    response = analyst.get("/triage?limit=none")
    assert response.status_code == 422
    assert "<strong>limit</strong>" in response.text


# -- the shell: assets, headers, docs -------------------------------------------------------------


def test_pages_use_local_assets_and_no_gov_uk_branding(analyst: TestClient) -> None:
    html = analyst.get("/").text
    assert re.findall(r'(?:src|href)="(https?:)?//', html) == []
    assert "/govuk/govuk-frontend.min.css" in html
    for branding in ("govuk-header__logotype", "govuk-crest", "Crown copyright", "GOV.UK"):
        assert branding not in html
    assert analyst.get("/govuk/govuk-frontend.min.css").status_code == 200
    assert analyst.get("/moj/moj-frontend.min.css").status_code == 200
    # The GDS Transport typeface and the crown belong to GOV.UK; Linewatch never serves them.
    assert analyst.get("/govuk/assets/fonts/light-94a07e06a1-v2.woff2").status_code == 404
    assert analyst.get("/govuk/assets/images/govuk-crest.svg").status_code == 404


def test_pages_forbid_caching_and_foreign_scripts(analyst: TestClient, seeded: Seeded) -> None:
    response = analyst.get(f"/entities/{seeded.phone}")
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self' 'nonce-" in policy


def test_openapi_lists_the_api_and_docs_load_locally(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert sorted(schema["paths"]) == [
        "/api/v1/alerts",
        "/api/v1/briefing",
        "/api/v1/entities/{entity_id}",
        "/api/v1/lines",
        "/api/v1/pcc/figures",
        "/api/v1/reports",
        "/api/v1/reports/files",
        "/api/v1/reports/{report_id}",
        "/api/v1/reports/{report_id}/grade",
        "/api/v1/search",
        "/api/v1/triage",
    ]
    assert {"APIKeyCookie", "HTTPBearer"} <= set(schema["components"]["securitySchemes"])
    docs = client.get("/api/v1/docs").text
    assert "/swagger-ui/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower()
    assert client.get("/swagger-ui/swagger-ui-bundle.js").status_code == 200


def test_every_api_endpoint_is_documented(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("description"), f"{method.upper()} {path} has no description"


def test_briefing_page_and_api(analyst: TestClient) -> None:
    pytest.importorskip("linewatch.tasking", reason="the tasking stage is not installed")
    page = analyst.get("/briefing")
    assert page.status_code == 200
    assert "Tasking briefing" in page.text
    assert analyst.get("/api/v1/briefing").status_code == 200


def test_create_app_without_a_store_opens_the_configured_one(
    tmp_path: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINEWATCH_DATABASE_URL", f"sqlite:///{tmp_path}/configured.db")
    with TestClient(create_app()) as fresh:
        assert fresh.get("/sign-in").status_code == 200
