"""The evaluation API: a report as JSON and 3x5x2 grading, with the web form's rules and audit."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.web.conftest import Seeded, sign_in
from tests.web.evaluate_world import build_world

from linewatch.collect import report_id
from linewatch.store import tables
from linewatch.web import create_app

WEB = report_id("IR-WEB")
FALSE = report_id("IR-FALSE")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, cheap_hashing: None) -> Iterator[Seeded]:
    seeded = build_world(tmp_path_factory.mktemp("evaluate-api"))
    yield seeded
    seeded.store.dispose()


@pytest.fixture
def client(world: Seeded) -> Iterator[TestClient]:
    app = create_app(world.store)
    with TestClient(app, base_url="http://testserver") as c:
        yield c


def _last_audit(world: Seeded) -> tuple[str, str, str | None]:
    log = tables.audit_log
    with world.store.connect() as conn:
        row = conn.execute(
            select(log.c.operation, log.c.channel, log.c.operation_ref)
            .where(log.c.actor_id == "intel")
            .order_by(log.c.seq.desc())
            .limit(1)
        ).one()
    return row.operation, row.channel, row.operation_ref


def test_a_report_reads_sanitised_and_the_reading_is_logged(
    client: TestClient, world: Seeded
) -> None:
    sign_in(client, world, "intel")
    shown = client.get(f"/api/v1/reports/{WEB}")
    assert shown.status_code == 200
    body = shown.json()
    assert body["reference"] == "IR-WEB" and "original" not in body
    assert body["sanitised_text"] and body["grading"] == "ungraded"
    assert _last_audit(world) == ("CONSULTATION", "API", None)
    assert "original_report" not in _refs(world)

    with_original = client.get(f"/api/v1/reports/{WEB}", params={"original": "true"}).json()
    assert with_original["original"]["text"]
    assert "original_report" in _refs(world)


def _refs(world: Seeded) -> list[str | None]:
    log = tables.audit_log
    with world.store.connect() as conn:
        return list(
            conn.execute(
                select(log.c.operation_ref).where(log.c.actor_id == "intel", log.c.channel == "API")
            ).scalars()
        )


def test_grading_follows_the_form_rules_and_keeps_history(
    client: TestClient, world: Seeded
) -> None:
    sign_in(client, world, "intel")
    refused = client.post(
        f"/api/v1/reports/{WEB}/grade",
        json={"source_evaluation": "2", "intelligence_assessment": "C", "handling_code": "C"},
    )
    assert refused.status_code == 422
    assert [d["loc"] for d in refused.json()["detail"]] == [["body", "handling_conditions"]]

    wrong_scheme = client.post(
        f"/api/v1/reports/{WEB}/grade",
        json={"source_evaluation": "B", "intelligence_assessment": "2", "handling_code": "P"},
    )
    assert wrong_scheme.status_code == 422
    fields = {d["loc"][1] for d in wrong_scheme.json()["detail"]}
    assert {"source_evaluation", "intelligence_assessment"} <= fields

    saved = client.post(
        f"/api/v1/reports/{WEB}/grade",
        json={
            "source_evaluation": "2",
            "intelligence_assessment": "c",
            "handling_code": "C",
            "handling_conditions": "Not to leave the force",
        },
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["intelligence_assessment"] == "C"
    assert _last_audit(world) == ("ALTERATION", "API", "grade")
    report = client.get(f"/api/v1/reports/{WEB}").json()
    assert report["grading"] == "2/C/C"
    assert report["history"][-1]["handling_conditions"] == "Not to leave the force"


def test_moving_off_e_needs_a_reason(client: TestClient, world: Seeded) -> None:
    sign_in(client, world, "intel")
    grade = {"source_evaluation": "2", "intelligence_assessment": "C", "handling_code": "P"}
    refused = client.post(f"/api/v1/reports/{FALSE}/grade", json=grade)
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "reason"]
    saved = client.post(
        f"/api/v1/reports/{FALSE}/grade", json={**grade, "reason": "Confirmed by a second source"}
    )
    assert saved.status_code == 200 and saved.json()["reason"] == "Confirmed by a second source"


def test_only_graders_may_read_or_grade(client: TestClient, world: Seeded) -> None:
    assert client.get(f"/api/v1/reports/{WEB}").status_code == 401
    sign_in(client, world, "analyst")
    assert client.get(f"/api/v1/reports/{WEB}").status_code == 403
    grade = {"source_evaluation": "1", "intelligence_assessment": "A", "handling_code": "P"}
    assert client.post(f"/api/v1/reports/{WEB}/grade", json=grade).status_code == 403


def test_an_unknown_report_is_a_404(client: TestClient, world: Seeded) -> None:
    sign_in(client, world, "intel")
    assert client.get("/api/v1/reports/report-nothing").status_code == 404


def test_the_calls_are_in_the_openapi_document(client: TestClient) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "get" in paths["/api/v1/reports/{report_id}"]
    assert "post" in paths["/api/v1/reports/{report_id}/grade"]
