"""Report intake over HTTP: the public form, call handlers, officers and the partner API."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.web.conftest import Seeded, sign_in

from linewatch.access import PARTNER_ORG, issue_api_token, seed_demo_users
from linewatch.collect import AddressLimiter
from linewatch.store import Store, tables
from linewatch.web import create_app

_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


@pytest.fixture(scope="module")
def intake_store(tmp_path_factory: pytest.TempPathFactory, cheap_hashing: None) -> Iterator[Seeded]:
    """A store of its own: these tests write reports, which the shared web store must not see."""
    path: Path = tmp_path_factory.mktemp("intake") / "linewatch.db"
    store = Store(f"sqlite:///{path}")
    store.migrate()
    yield Seeded(store, {u.user_id: u for u in seed_demo_users(store)})
    store.dispose()


@pytest.fixture
def web(intake_store: Seeded) -> Iterator[TestClient]:
    with TestClient(create_app(intake_store.store), base_url="http://testserver") as c:
        yield c


def _send(web: TestClient, **fields: str) -> object:
    token = _TOKEN.search(web.get("/report").text)
    assert token
    return web.post("/report", data={"form_token": token.group(1), **fields})


def _reference(html: str) -> str:
    found = re.search(r"data-reference>([^<]+)<", html)
    assert found, html
    return found.group(1)


def test_a_public_report_keeps_nothing_about_the_connection(
    web: TestClient, intake_store: Seeded
) -> None:
    form = web.get("/report")
    assert form.status_code == 200 and "set-cookie" not in form.headers
    assert "the same cars coming and going" in form.text

    response = _send(
        web, text="Cars at 4 Elm Close all night.", location_text="Oakham", contact="no"
    )

    assert response.status_code == 200 and "set-cookie" not in response.headers  # type: ignore[attr-defined]
    reference = _reference(response.text)  # type: ignore[attr-defined]
    assert reference.startswith("WEB-")
    with intake_store.store.connect() as conn:
        report = (
            conn.execute(select(tables.reports).where(tables.reports.c.reference == reference))
            .mappings()
            .one()
        )
        original = (
            conn.execute(
                select(tables.report_originals).where(
                    tables.report_originals.c.report_id == report["id"]
                )
            )
            .mappings()
            .one()
        )
        audit = (
            conn.execute(
                select(tables.audit_log).where(tables.audit_log.c.actor_id == "public-web")
            )
            .mappings()
            .all()
        )
    stored = " ".join(str(v) for row in (report, original, *audit) for v in row.values())
    # TestClient connects as "testclient": that name must appear nowhere in what was kept.
    assert "testclient" not in stored
    assert original["contact_details"] is None and report["status"] == "NEW"


def test_contact_details_are_kept_only_when_the_reporter_says_yes(
    web: TestClient, intake_store: Seeded
) -> None:
    no = _send(web, text="Seen twice.", contact="no", contact_name="Left Over")
    yes = _send(web, text="Seen again.", contact="yes", contact_phone="07700 900777")
    with intake_store.store.connect() as conn:
        details = dict(
            conn.execute(
                select(tables.reports.c.reference, tables.report_originals.c.contact_details)
                .join(tables.report_originals)
                .where(
                    tables.reports.c.reference.in_(
                        [_reference(no.text), _reference(yes.text)]  # type: ignore[attr-defined]
                    )
                )
            ).all()
        )
    assert details[_reference(no.text)] is None  # type: ignore[attr-defined]
    assert "07700 900777" in details[_reference(yes.text)]  # type: ignore[attr-defined]


def test_problems_are_summarised_and_what_was_written_is_kept(web: TestClient) -> None:
    response = _send(web, text="", location_text="x" * 301, contact="")
    assert response.status_code == 400  # type: ignore[attr-defined]
    html = response.text  # type: ignore[attr-defined]
    assert "There is a problem" in html and 'href="#text"' in html
    assert "Where it happened must be 300 characters or fewer" in html
    assert 'href="#contact"' in html and "x" * 301 in html


def test_a_form_token_works_once_and_a_cross_site_post_is_refused(web: TestClient) -> None:
    token = _TOKEN.search(web.get("/report").text)
    assert token
    data = {"form_token": token.group(1), "text": "Once only.", "contact": "no"}
    assert web.post("/report", data=data).status_code == 200
    replay = web.post("/report", data=data)
    assert replay.status_code == 400 and "already sent" in replay.text
    assert "Once only." in replay.text
    fresh = _TOKEN.search(web.get("/report").text)
    assert fresh
    forged = web.post(
        "/report",
        data={**data, "form_token": fresh.group(1)},
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert forged.status_code == 403
    assert web.post("/report", data={**data, "form_token": "made-up"}).status_code == 400


def test_too_many_reports_from_one_address_are_slowed(web: TestClient) -> None:
    web.app.state.report_limiter = AddressLimiter("2/hour")  # type: ignore[attr-defined]
    codes = [_send(web, text=f"Report {n}", contact="no").status_code for n in range(3)]  # type: ignore[attr-defined]
    assert codes == [200, 200, 429]
    last = _send(web, text="Report 4", contact="no")
    assert "Retry-After" in last.headers and "0800 555 111" in last.text  # type: ignore[attr-defined]


def test_script_in_a_report_is_shown_escaped_on_the_triage_page(
    web: TestClient, intake_store: Seeded
) -> None:
    reference = _reference(
        _send(web, text='<script>alert("x")</script> runners at the park', contact="no").text  # type: ignore[attr-defined]
    )
    sign_in(web, intake_store, "intel")
    page = web.get("/triage?limit=500")
    assert reference in page.text
    assert "<script>alert" not in page.text and "&lt;script&gt;alert" in page.text


def test_the_call_handler_starts_at_intake_and_records_a_crimestoppers_report(
    web: TestClient, intake_store: Seeded
) -> None:
    sign_in(web, intake_store, "callhandler")
    home = web.get("/")
    assert home.status_code == 200 and str(home.url).endswith("/intake")
    form = web.get("/intake/call")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert csrf

    missing = web.post("/intake/call", data={"csrf_token": csrf.group(1), "text": "x"})
    assert missing.status_code == 400 and 'href="#route"' in missing.text
    done = web.post(
        "/intake/call",
        data={
            "csrf_token": csrf.group(1),
            "route": "crimestoppers",
            "source_ref": "CS-12345",
            "text": "A flat on Main Road has been taken over by dealers.",
            "occurred_at": "27/11/2026 21:30",
        },
    )
    assert done.status_code == 200, done.text
    reference = _reference(done.text)
    assert reference.startswith("CS-")
    assert reference in web.get("/intake").text
    with intake_store.store.connect() as conn:
        row = conn.execute(
            select(
                tables.reports.c.channel,
                tables.reports.c.submitted_by,
                tables.reports.c.occurred_at,
                tables.report_originals.c.source_ref,
            )
            .join(tables.report_originals)
            .where(tables.reports.c.reference == reference)
        ).one()
    assert (row.channel, row.submitted_by, row.source_ref) == (
        "CRIMESTOPPERS",
        "callhandler",
        "CS-12345",
    )
    assert row.occurred_at.hour == 21  # 21:30 GMT in November is 21:30 UTC


def test_an_officer_records_what_they_were_told(web: TestClient, intake_store: Seeded) -> None:
    sign_in(web, intake_store, "officer")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', web.get("/intake/officer").text)
    assert csrf
    done = web.post(
        "/intake/officer",
        data={"csrf_token": csrf.group(1), "how_known": "told", "text": "Lads on bikes at 9pm."},
    )
    reference = _reference(done.text)
    with intake_store.store.connect() as conn:
        grade = conn.execute(
            select(tables.reports.c.channel, tables.reports.c.intelligence_assessment).where(
                tables.reports.c.reference == reference
            )
        ).one()
    assert tuple(grade) == ("OFFICER", "C")
    assert web.post("/intake/officer", data={"how_known": "saw", "text": "x"}).status_code == 403


def test_partners_and_the_pcc_office_have_no_intake_pages(
    web: TestClient, intake_store: Seeded
) -> None:
    sign_in(web, intake_store, "partner")
    assert web.get("/intake").status_code == 403
    assert web.get("/intake/call").status_code == 403


def test_a_partner_system_submits_by_api_and_a_resend_adds_nothing(
    web: TestClient, intake_store: Seeded
) -> None:
    with intake_store.store.begin() as conn:
        token = issue_api_token(conn, PARTNER_ORG)
    auth = {"Authorization": f"Bearer {token}"}
    body = {"reference": "HSG-77", "text": "Tenant at 3 Oak Court has not been seen for weeks."}

    first = web.post("/api/v1/reports", json=body, headers=auth)
    again = web.post("/api/v1/reports", json=body, headers=auth)

    assert first.status_code == 201 and first.json()["channel"] == "PARTNER_AGENCY"
    assert again.status_code == 200 and not again.json()["created"]
    assert again.json()["reference"] == first.json()["reference"]
    bad = web.post("/api/v1/reports", json={"text": "", "handling_code": "C"}, headers=auth)
    assert bad.status_code == 422 and "text" in str(bad.json()["detail"])
    assert web.post("/api/v1/reports", json=body).status_code == 401

    csv_text = (
        "reference,reported_at,text,classification\n"
        "HSG-80,2026-11-20T10:00:00+00:00,Visitors all night,OFFICIAL\n"
        "HSG-81,not a time,Visitors again,OFFICIAL\n"
    )
    sent = web.post(
        "/api/v1/reports/files", files={"file": ("housing.csv", csv_text, "text/csv")}, headers=auth
    )
    assert sent.status_code == 200, sent.text
    assert (sent.json()["rows_loaded"], sent.json()["rows_quarantined"]) == (1, 1)
    assert "row 3 (HSG-81): reported_at" in sent.json()["problems"][0]
    resent = web.post(
        "/api/v1/reports/files", files={"file": ("housing.csv", csv_text, "text/csv")}, headers=auth
    )
    assert resent.json()["already_imported"]


def test_every_answer_carries_the_security_headers(web: TestClient, intake_store: Seeded) -> None:
    with intake_store.store.begin() as conn:
        token = issue_api_token(conn, PARTNER_ORG)
    sent = web.post(
        "/api/v1/reports",
        json={"reference": "HDR-1", "text": "A car waits outside the school."},
        headers={"Authorization": f"Bearer {token}"},
    )
    refused = web.post("/api/v1/reports", json={"text": "no token"})
    for response in (web.get("/report"), sent, refused):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "no-referrer"
        # Personal data: never kept by a browser or proxy, one Cache-Control only.
        assert response.headers.get_list("cache-control") == ["no-store"]
    static = web.get("/static/favicon.svg")
    assert static.status_code == 200
    assert static.headers["x-content-type-options"] == "nosniff"
    assert "no-store" not in static.headers.get("cache-control", "")
