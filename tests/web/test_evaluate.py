"""The report, grading and sanitisation pages, through the app as a browser would use them.

These tests write (grades, sanitised text), so they use a store of their own, not the shared
read-only one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.web.conftest import Seeded, csrf_from, sign_in
from tests.web.evaluate_world import build_world

from linewatch import resolve
from linewatch.access import system_access
from linewatch.collect import report_id
from linewatch.evaluate import duplicate_links, find_near_duplicates
from linewatch.evaluate.processing import drain
from linewatch.store import tables
from linewatch.web import create_app


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, cheap_hashing: None) -> Iterator[Seeded]:
    seeded = build_world(tmp_path_factory.mktemp("evaluate-web"))
    yield seeded
    seeded.store.dispose()


@pytest.fixture
def officer(world: Seeded) -> Iterator[TestClient]:
    with TestClient(create_app(world.store), base_url="http://testserver") as client:
        yield sign_in(client, world, "intel")


def _post(client: TestClient, path: str, data: dict[str, Any]) -> Any:
    token = csrf_from(client.get(path).text)
    return client.post(path, data={**data, "csrf_token": token}, follow_redirects=False)


WEB = report_id("IR-WEB")


def test_the_report_page_shows_text_grading_mentions_and_no_original_unasked(
    officer: TestClient, world: Seeded
) -> None:
    page = officer.get(f"/reports/{WEB}")
    assert page.status_code == 200
    assert "IR-WEB" in page.text and "Not graded" in page.text
    assert "Suggested for this channel: 2/D/P" in page.text
    assert "07700 900123" not in page.text  # the reporter's number went at import
    assert "/entities/" in page.text and "data-corroboration" in page.text
    assert "data-original" not in page.text

    shown = officer.get(f"/reports/{WEB}?original=1")
    assert "data-original" in shown.text and "07700 900123" in shown.text
    with world.store.connect() as conn:
        refs = conn.execute(select(tables.audit_log.c.operation_ref)).scalars().all()
    assert "original_report" in refs


def test_an_analyst_may_not_open_the_grading_page(world: Seeded) -> None:
    with TestClient(create_app(world.store), base_url="http://testserver") as client:
        sign_in(client, world, "analyst")
        assert client.get(f"/reports/{WEB}/grade").status_code == 403


def test_grading_suggests_the_channel_default_and_c_needs_conditions(officer: TestClient) -> None:
    form = officer.get(f"/reports/{WEB}/grade")
    assert form.status_code == 200
    assert 'value="2" checked' in form.text and 'value="D" checked' in form.text

    refused = _post(
        officer,
        f"/reports/{WEB}/grade",
        {"source_evaluation": "2", "intelligence_assessment": "C", "handling_code": "C"},
    )
    assert refused.status_code == 400
    assert "There is a problem" in refused.text
    assert 'href="#handling_conditions"' in refused.text
    assert "Enter the handling conditions" in refused.text

    missing = _post(officer, f"/reports/{WEB}/grade", {"handling_code": "P"})
    assert 'href="#source_evaluation"' in missing.text
    assert 'href="#intelligence_assessment"' in missing.text

    saved = _post(
        officer,
        f"/reports/{WEB}/grade",
        {
            "source_evaluation": "2",
            "intelligence_assessment": "C",
            "handling_code": "C",
            "handling_conditions": "Not to leave the force",
        },
    )
    assert saved.status_code == 303
    page = officer.get(saved.headers["location"])
    assert "The grade is saved" in page.text
    assert 'data-grade="2/C/C"' in page.text and "Not to leave the force" in page.text


def test_moving_off_e_needs_a_reason(officer: TestClient) -> None:
    path = f"/reports/{report_id('IR-FALSE')}/grade"
    grades = {"source_evaluation": "2", "intelligence_assessment": "C", "handling_code": "P"}
    refused = _post(officer, path, grades)
    assert refused.status_code == 400 and 'href="#reason"' in refused.text
    assert (
        _post(officer, path, {**grades, "reason": "second caller confirmed it"}).status_code == 303
    )


def test_a_legacy_grade_is_shown_beside_and_never_filled_in(officer: TestClient) -> None:
    path = f"/reports/{report_id('IR-OLD')}/grade"
    form = officer.get(path)
    assert "Legacy 5x5x5 grade: B/2/3" in form.text
    assert "checked" not in form.text
    refused = _post(
        officer,
        path,
        {"source_evaluation": "2", "intelligence_assessment": "C", "handling_code": "P"},
    )
    assert refused.status_code == 400 and "never mapped" in refused.text


def test_a_form_without_its_csrf_token_is_refused(officer: TestClient) -> None:
    response = officer.post(
        f"/reports/{WEB}/grade",
        data={"source_evaluation": "2", "intelligence_assessment": "D", "handling_code": "P"},
        follow_redirects=False,
    )
    assert response.status_code == 403


def test_suggested_redactions_are_applied_then_confirmed(
    officer: TestClient, world: Seeded
) -> None:
    path = f"/reports/{WEB}/sanitise"
    form = officer.get(path)
    assert "My neighbour" in form.text and "from my window" in form.text and "at 3am" in form.text
    keys = _checkbox_values(form.text)
    assert len(keys) == 3

    with world.store.connect() as conn:
        text = conn.execute(
            select(tables.reports.c.sanitised_text).where(tables.reports.c.id == WEB)
        ).scalar_one()
    applied = _post(officer, path, {"text": text, "action": "apply", "accept": keys})
    assert applied.status_code == 200
    assert "No suggested redactions remain" in applied.text
    assert "in the early hours" in applied.text

    leaked = _post(officer, path, {"text": text + " 07700 900123", "action": "confirm"})
    assert leaked.status_code == 400 and "still holds" in leaked.text

    new_text = text.replace("My neighbour", "A resident").replace("from my window at 3am", "")
    confirmed = _post(officer, path, {"text": new_text, "action": "confirm"})
    assert confirmed.status_code == 303
    with world.store.connect() as conn:
        row = (
            conn.execute(select(tables.reports).where(tables.reports.c.id == WEB)).mappings().one()
        )
    assert row["sanitised"] and row["sanitised_text"] == new_text


def _checkbox_values(html: str) -> list[str]:
    return re.findall(r'name="accept" type="checkbox" value="([^"]+)"', html)


def test_near_duplicates_and_corroboration_show_and_raise_to_b(
    officer: TestClient, world: Seeded
) -> None:
    # Detection runs by itself after every intake; draining the queue here makes it certain
    # (the app's worker may not have had its turn yet), and the button then finds nothing new.
    drain(world.store)
    with world.store.connect() as conn:
        assert duplicate_links(conn, [report_id("IR-WEB-AGAIN")])
    token = csrf_from(officer.get("/triage").text)
    checked = officer.post(
        "/triage/near-duplicates", data={"csrf_token": token}, follow_redirects=False
    )
    assert checked.status_code == 303
    triage = officer.get(checked.headers["location"])
    assert "0 new copies" in triage.text
    assert "IR-WEB-AGAIN" not in triage.text
    assert f'href="/reports/{report_id("IR-101")}/grade"' in triage.text

    copy = officer.get(f"/reports/{report_id('IR-WEB-AGAIN')}")
    assert "A copy of" in copy.text and "IR-WEB" in copy.text
    call = officer.get(f"/reports/{report_id('IR-101')}")
    assert "is a copy of this report" not in call.text
    assert "Seen in 2 reports from 2 independent sources" in call.text

    token = csrf_from(call.text)
    response = officer.post(
        f"/reports/{report_id('IR-101')}/corroborate",
        data={"csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = officer.get(response.headers["location"])
    assert 'data-grade="2/B/P"' in page.text
    assert "corroborated by IR-WEB (PUBLIC_WEB / Leicestershire Police)" in page.text

    entity = officer.get(f"/entities/{_phone_entity(world)}")
    assert "Seen in 2 reports from 2 independent sources" in entity.text
    assert "IR-WEB-AGAIN" in entity.text  # named as a copy that is not counted


def _phone_entity(world: Seeded) -> str:
    with world.store.connect() as conn:
        entity = conn.execute(
            select(tables.statements.c.entity_id).where(
                tables.statements.c.source_id == report_id("IR-101")
            )
        ).scalar_one()
        return resolve.canonical_id(conn, entity)


def test_find_near_duplicates_is_idempotent(world: Seeded) -> None:
    batch = system_access(world.store, "Checking reports for near-duplicates")
    find_near_duplicates(batch)
    assert find_near_duplicates(batch) == []


def test_the_reporters_contact_details_show_only_with_the_original(
    officer: TestClient, world: Seeded
) -> None:
    from linewatch.collect import Contact, Submission, public_access, submit_report

    receipt = submit_report(
        public_access(world.store),
        Submission(
            "PUBLIC_WEB",
            "Visitors all night at the flats.",
            contact=Contact("Sam Jones", "07700 900777"),
        ),
    )
    plain = officer.get(f"/reports/{receipt.report_id}")
    assert "Sam Jones" not in plain.text and "data-reporter-contact" not in plain.text
    shown = officer.get(f"/reports/{receipt.report_id}", params={"original": "1"})
    assert "data-reporter-contact" in shown.text
    assert "Sam Jones" in shown.text and "07700 900777" in shown.text
    with world.store.connect() as conn:
        readings = (
            conn.execute(
                select(tables.audit_log.c.record_ids).where(
                    tables.audit_log.c.operation_ref == "reporter_contact"
                )
            )
            .scalars()
            .all()
        )
    assert readings == [[receipt.report_id]]
