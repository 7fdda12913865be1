"""A reporter's contact details: kept apart, shown only with the original, every reading logged."""

from __future__ import annotations

from sqlalchemy import select

from evaluate.conftest import acting
from linewatch.collect import Contact, Submission, public_access, submit_report
from linewatch.evaluate import report_view
from linewatch.store import Store, tables

TEXT = "Cars stop outside the flats on Kings Road every few minutes after dark."


def _refs(store: Store) -> list[str]:
    log = tables.audit_log
    with store.connect() as conn:
        return [
            r or "" for r in conn.execute(select(log.c.operation_ref).order_by(log.c.seq)).scalars()
        ]


def test_contact_details_are_shown_with_the_original_and_their_reading_logged(
    store: Store,
) -> None:
    contact = Contact("Pat Example", "07700 900456", "pat@example.org")
    receipt = submit_report(public_access(store), Submission("PUBLIC_WEB", TEXT, contact=contact))
    officer = acting(store)

    plain = report_view(officer, receipt.report_id, with_original=False)
    assert plain.original is None
    assert "Pat Example" not in plain.sanitised_text
    assert "reporter_contact" not in _refs(store)

    full = report_view(officer, receipt.report_id)
    assert full.original is not None
    assert full.original.contact == {
        "name": "Pat Example",
        "phone": "07700 900456",
        "email": "pat@example.org",
    }
    assert _refs(store)[-2:] == ["original_report", "reporter_contact"]


def test_a_report_without_contact_details_logs_no_contact_reading(store: Store) -> None:
    receipt = submit_report(public_access(store), Submission("PUBLIC_WEB", TEXT))
    view = report_view(acting(store), receipt.report_id)
    assert view.original is not None and view.original.contact is None
    assert "reporter_contact" not in _refs(store)
