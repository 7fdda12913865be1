"""`linewatch evaluate grade`, `queue` and `process`: acting as a signed-in grader."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher, profiles
from sqlalchemy import select
from typer.testing import CliRunner

from linewatch.access import DemoUser, seed_demo_users, set_password_hasher
from linewatch.cli.app import app
from linewatch.collect import Submission, public_access, report_id, submit_report
from linewatch.store import Store, tables

TEXT = "A black Audi drops two teenagers at the flats on Kings Road every night after ten."


@pytest.fixture
def intel(sqlite_store: Store, monkeypatch: pytest.MonkeyPatch) -> tuple[Store, DemoUser]:
    previous = set_password_hasher(PasswordHasher.from_parameters(profiles.CHEAPEST))
    users = {u.user_id: u for u in seed_demo_users(sqlite_store)}
    set_password_hasher(previous)
    monkeypatch.setenv("LINEWATCH_DATABASE_URL", str(sqlite_store.engine.url))
    monkeypatch.setenv("COLUMNS", "200")
    return sqlite_store, users["intel"]


def _run(*args: str, password: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["evaluate", *args], env={"LINEWATCH_PASSWORD": password})
    return result.exit_code, result.output


def test_grade_queue_and_process(intel: tuple[Store, DemoUser]) -> None:
    store, user = intel
    first = submit_report(public_access(store), Submission("PUBLIC_WEB", TEXT))
    submit_report(public_access(store), Submission("PUBLIC_WEB", TEXT + " Still going on."))

    code, out = _run("queue", "--as", user.user_id, password=user.password)
    assert code == 0, out
    assert first.reference in out and "processing" in out

    code, out = _run("process", password="")
    assert code == 0, out
    assert "2 report(s) processed, 1 near-duplicate(s) linked" in out

    code, out = _run(
        "grade", first.reference, "--source", "2", "--intel", "C", "--handling", "C",
        "--as", user.user_id, password=user.password,
    )  # fmt: skip
    assert code == 1 and "handling code C needs its conditions" in out
    code, out = _run(
        "grade", first.reference, "--source", "2", "--intel", "C", "--handling", "P",
        "--as", user.user_id, password=user.password,
    )  # fmt: skip
    assert code == 0, out
    assert f"{first.reference} graded 2/C/P by intel" in out
    log = tables.audit_log
    with store.connect() as conn:
        graded = conn.execute(
            select(tables.reports.c.intelligence_assessment).where(
                tables.reports.c.id == report_id(first.reference)
            )
        ).scalar_one()
        channel = conn.execute(
            select(log.c.channel).where(log.c.operation_ref == "grade")
        ).scalar_one()
    assert (graded, channel) == ("C", "CLI")


def test_a_wrong_password_or_a_role_that_may_not_grade_is_refused(
    intel: tuple[Store, DemoUser],
) -> None:
    store, user = intel
    receipt = submit_report(public_access(store), Submission("PUBLIC_WEB", TEXT))
    grade = ["grade", receipt.reference, "--source", "1", "--intel", "A", "--handling", "P"]
    code, out = _run(*grade, "--as", user.user_id, password="not-the-password")
    assert code == 2 and "Sign-in refused" in out
    analyst = next(u for u in seed_demo_users(store) if u.user_id == "analyst")
    code, out = _run(*grade, "--as", "analyst", password=analyst.password)
    assert code == 1 and "Refused" in out
