"""A store of its own for the evaluation page tests, which write grades and sanitised text.

Five reports: a public web report with the reporter's details in it, a near-duplicate copy of
it, a 101 call about the same phone, one graded E and one holding a legacy 5x5x5 grade.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.web.conftest import Seeded

from collect.builders import report, write_jsonl
from linewatch import resolve
from linewatch.access import seed_demo_users, system_access
from linewatch.collect import import_reports
from linewatch.store import Store

PHONE = [{"schema": "Phone", "properties": {"number": "07700 900456"}}]
WEB_TEXT = (
    "My neighbour at number 4 has lads calling all night. I saw them from my window at 3am. "
    "They ring 07700 900456. My number is 07700 900123."
)


def _reports() -> list[dict[str, Any]]:
    return [
        report(
            "IR-WEB",
            text=WEB_TEXT,
            mentions=PHONE,
            source_evaluation=None,
            intelligence_assessment=None,
            handling_code=None,
        ),
        report(
            "IR-WEB-AGAIN",
            text=WEB_TEXT.replace("all night", "all night long"),
            reported_at="2026-03-02T11:00:00+00:00",
            mentions=PHONE,
        ),
        report(
            "IR-101",
            channel="CALL_101",
            text="Caller reports 07700 900456 is the number lads on Mill Lane use for deals.",
            reported_at="2026-03-05T10:00:00+00:00",
            mentions=PHONE,
        ),
        report(
            "IR-FALSE",
            text="A made-up story about a flat.",
            intelligence_assessment="E",
            mentions=[],
        ),
        report(
            "IR-OLD",
            text="Old record about a car.",
            grading_scheme="5x5x5",
            source_evaluation="B",
            intelligence_assessment="2",
            handling_code="3",
            mentions=[],
        ),
    ]


def build_world(folder: Path) -> Seeded:
    store = Store(f"sqlite:///{folder / 'linewatch.db'}")
    store.migrate()
    seeded = Seeded(store, {u.user_id: u for u in seed_demo_users(store)})
    access = system_access(store, "Loading reports for the evaluation page tests")
    result = import_reports(access, write_jsonl(folder / "reports.jsonl", _reports()))
    assert result.rows_loaded == 5, result.problems
    resolve.resolve_exact(access)
    return seeded
