"""One report at a time: checking, writing, grading by default, and the COLLECTION record."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from collect.conftest import MakeAccess
from linewatch.access import AccessDenied
from linewatch.collect import (
    Contact,
    Receipt,
    Submission,
    SubmissionError,
    check_submission,
    public_access,
    recorded_since,
    submit_report,
)
from linewatch.collect.intake import MAX_TEXT, new_reference, write_submission
from linewatch.evaluate import confirm_sanitised, triage_queue
from linewatch.evaluate.sanitise import SanitisationError
from linewatch.model import Role
from linewatch.store import Store, tables


def _row(store: Store, table: object, column: str, value: str) -> dict[str, object]:
    with store.connect() as conn:
        row = conn.execute(select(table).where(table.c[column] == value)).mappings().one()  # type: ignore[attr-defined]
    return dict(row)


def test_a_public_report_is_stored_graded_by_default_and_waits_in_triage(
    store: Store, as_role: MakeAccess
) -> None:
    submission = check_submission(
        "PUBLIC_WEB",
        {
            "text": "Cars pull up outside 4 Elm Close every night for five minutes.",
            "location_text": "Elm Close, Oakham",
            "occurred_when": "most nights after 10pm",
            "contact_name": "Pat Reporter",
            "contact_phone": "07700 900456",
        },
    )
    receipt = submit_report(public_access(store), submission)

    assert receipt.reference.startswith("WEB-") and receipt.created
    report = _row(store, tables.reports, "id", receipt.report_id)
    assert report["channel"] == "PUBLIC_WEB" and report["status"] == "NEW"
    assert (report["source_evaluation"], report["intelligence_assessment"]) == ("2", "D")
    assert report["handling_code"] == "P" and report["submitted_by"] is None
    assert "Pat Reporter" not in str(report["sanitised_text"])
    assert "most nights after 10pm" in str(report["sanitised_text"])
    original = _row(store, tables.report_originals, "report_id", receipt.report_id)
    assert json.loads(str(original["contact_details"]))[:2] == ["Pat Reporter", "07700 900456"]
    history = _row(store, tables.grade_history, "report_id", receipt.report_id)
    assert "default for PUBLIC_WEB" in str(history["reason"])
    audit = _row(store, tables.audit_log, "actor_id", "public-web")
    assert audit["operation"] == "COLLECTION" and audit["client"] is None
    assert receipt.report_id in audit["record_ids"]  # type: ignore[operator]

    queue = triage_queue(as_role(store))
    assert receipt.reference in [item.reference for item in queue]


def test_the_reporters_own_details_may_not_flow_on_in_the_shareable_text(
    sqlite_store: Store, as_role: MakeAccess
) -> None:
    submission = Submission(
        "PUBLIC_WEB", "Dealing from the flats.", contact=Contact("Pat", "07700 900456", None)
    )
    receipt = submit_report(public_access(sqlite_store), submission)
    with pytest.raises(SanitisationError, match="07700 900456"):
        confirm_sanitised(
            as_role(sqlite_store), receipt.report_id, "Dealing from the flats. 07700900456"
        )


def test_every_problem_is_named_at_once_with_the_limit_in_words() -> None:
    with pytest.raises(SubmissionError) as caught:
        check_submission(
            "PUBLIC_WEB",
            {"text": "x" * (MAX_TEXT + 1), "location_text": "y" * 301, "contact_email": "nope"},
        )
    problems = {p.field_name: p.reason for p in caught.value.problems}
    assert set(problems) == {"text", "location_text", "contact_email"}
    assert "10,000 characters or fewer" in problems["text"]


def test_a_grade_given_with_a_report_is_checked_by_the_grading_rules() -> None:
    with pytest.raises(SubmissionError) as caught:
        check_submission(
            "OFFICER",
            {
                "text": "seen",
                "source_evaluation": "2",
                "intelligence_assessment": "A",
                "handling_code": "C",
            },
        )
    assert [p.field_name for p in caught.value.problems] == ["handling_conditions"]


def test_an_officer_who_was_told_records_assessment_c(
    sqlite_store: Store, as_role: MakeAccess
) -> None:
    access = as_role(sqlite_store, Role.OFFICER)
    submission = check_submission(
        "OFFICER",
        {
            "text": "A shopkeeper said the lads sell from the bus shelter.",
            "source_evaluation": "2",
            "intelligence_assessment": "C",
            "handling_code": "P",
        },
    )
    receipt = submit_report(access, submission)
    report = _row(sqlite_store, tables.reports, "id", receipt.report_id)
    assert report["intelligence_assessment"] == "C"
    assert report["submitted_by"] == access.actor.id
    [mine] = recorded_since(access, datetime.now(UTC) - timedelta(hours=1))
    assert mine.reference == receipt.reference and mine.channel == "OFFICER"


def test_a_report_sent_again_with_its_own_reference_adds_nothing(
    store: Store, as_role: MakeAccess
) -> None:
    access = as_role(store, Role.CALL_HANDLER)
    submission = Submission("CALL_101", "Cuckooed flat on Main Road.", reference="PA-TEST-1")
    first = submit_report(access, submission)
    again = submit_report(access, submission)
    assert first.created and not again.created and again.reference == first.reference
    with store.connect() as conn:
        assert len(conn.execute(select(tables.reports.c.id)).all()) == 1
        assert len(conn.execute(select(tables.report_processing)).all()) == 1


def test_the_same_report_sent_twice_at_once_is_stored_once_without_an_error(
    store: Store, as_role: MakeAccess
) -> None:
    if store.engine.dialect.name != "postgresql":
        pytest.skip("SQLite writers take turns: two submissions cannot overlap there")
    access = as_role(store, Role.CALL_HANDLER)
    submission = Submission("CALL_101", "Cuckooed flat on Main Road.", reference="PA-TEST-2")
    answers: list[Receipt] = []
    with store.begin() as conn:
        answers.append(write_submission(conn, access, submission, access.actor.id))
        # The retry arrives while the first is still being written: it waits, then finds it.
        retry = threading.Thread(target=lambda: answers.append(submit_report(access, submission)))
        retry.start()
        retry.join(0.5)
        assert retry.is_alive()
    retry.join(10)
    assert [a.created for a in answers] == [True, False]
    with store.connect() as conn:
        assert len(conn.execute(select(tables.reports.c.id)).all()) == 1


def test_roles_that_may_not_record_are_refused(sqlite_store: Store, as_role: MakeAccess) -> None:
    with pytest.raises(AccessDenied):
        submit_report(as_role(sqlite_store, Role.PCC_OFFICE), Submission("CALL_101", "x"))


def test_references_are_unambiguous_to_read_aloud() -> None:
    references = {new_reference("CRIMESTOPPERS") for _ in range(200)}
    assert len(references) == 200
    for reference in references:
        prefix, _year, tail = reference.split("-")
        assert prefix == "CS" and len(tail) == 8 and not set(tail) & set("01IO")
