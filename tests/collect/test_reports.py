"""Importing reports.jsonl: validation, quarantine, sanitised copies, grades and mentions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

import linewatch.collect.reports as reports_module
from collect.builders import report, write_jsonl
from collect.conftest import MakeAccess
from linewatch.access import AccessDenied
from linewatch.collect import import_reports, mention_id, report_id
from linewatch.model import Role
from linewatch.store import Store, tables


def _count(store: Store, table: Any) -> int:
    with store.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _quarantine(store: Store) -> list[dict[str, Any]]:
    with store.connect() as conn:
        rows = conn.execute(select(tables.quarantine).order_by(tables.quarantine.c.row_number))
        return [dict(r) for r in rows.mappings()]


def test_a_report_is_stored_sanitised_with_its_original_kept_apart(
    store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "reports.jsonl", [report()])
    result = import_reports(as_role(store), path)

    assert (result.rows_total, result.rows_loaded, result.rows_quarantined) == (1, 1, 0)
    with store.connect() as conn:
        row = conn.execute(select(tables.reports)).mappings().one()
        original = conn.execute(select(tables.report_originals)).mappings().one()
    assert row["id"] == report_id("IR-2026-000001")
    assert "07700 900123" not in row["sanitised_text"]
    assert "07700 900456" in row["sanitised_text"]  # the subject's phone is intelligence
    assert row["sanitised"] is False
    assert row["batch_id"] == result.batch_id
    assert original["original_text"].endswith("My number is 07700 900123.")
    assert json.loads(original["contact_details"]) == ["07700 900123"]


def test_mentions_become_entities_whose_statements_name_the_report(
    store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "reports.jsonl", [report()])
    import_reports(as_role(store), path)

    phone_id = mention_id("Phone", "IR-2026-000001", 0)
    with store.connect() as conn:
        statements = (
            conn.execute(select(tables.statements).where(tables.statements.c.entity_id == phone_id))
            .mappings()
            .all()
        )
    assert len(statements) == 1
    st = statements[0]
    assert (st["prop"], st["value"], st["original_value"]) == (
        "number",
        "+447700900456",
        "07700 900456",
    )
    assert (st["source_kind"], st["source_id"]) == ("report", report_id("IR-2026-000001"))
    assert (st["source_evaluation"], st["intelligence_assessment"], st["handling_code"]) == (
        "2",
        "D",
        "P",
    )
    assert _count(store, tables.entities) == 2


def test_a_grade_that_arrives_with_a_report_starts_its_history(
    store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    ungraded = report(
        "IR-2026-000002",
        source_evaluation=None,
        intelligence_assessment=None,
        handling_code=None,
    )
    path = write_jsonl(tmp_path / "reports.jsonl", [report(), ungraded])
    import_reports(as_role(store), path)

    with store.connect() as conn:
        history = conn.execute(select(tables.grade_history)).mappings().all()
    assert [h["report_id"] for h in history] == [report_id("IR-2026-000001")]
    assert history[0]["graded_by"] == "Leicestershire Police"


def test_an_ungraded_report_may_carry_its_senders_handling_conditions(
    sqlite_store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    partner = report(
        channel="PARTNER_AGENCY",
        source_evaluation=None,
        intelligence_assessment=None,
        handling_code="C",
        handling_conditions="Do not disclose the source to the tenant",
    )
    result = import_reports(as_role(sqlite_store), write_jsonl(tmp_path / "r.jsonl", [partner]))
    assert result.rows_loaded == 1
    with sqlite_store.connect() as conn:
        row = conn.execute(select(tables.reports)).mappings().one()
        history = conn.execute(select(tables.grade_history)).all()
    assert (row["handling_code"], row["intelligence_assessment"]) == ("C", None)
    assert history == []  # handling alone is not a grade


def test_importing_the_same_file_twice_adds_nothing(
    store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "reports.jsonl", [report(), report("IR-2026-000002")])
    first = import_reports(as_role(store), path)
    counts = [_count(store, t) for t in (tables.reports, tables.statements, tables.audit_log)]

    again = import_reports(as_role(store), path)

    assert first.rows_loaded == 2
    assert again.already_imported and again.duplicate_of_batch == first.batch_id
    assert again.rows_loaded == 0
    after = [_count(store, t) for t in (tables.reports, tables.statements, tables.audit_log)]
    assert after == counts


def test_a_later_file_repeating_reports_adds_only_the_new_ones(
    sqlite_store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    import_reports(as_role(sqlite_store), write_jsonl(tmp_path / "a.jsonl", [report()]))
    second = import_reports(
        as_role(sqlite_store),
        write_jsonl(tmp_path / "b.jsonl", [report(), report("IR-2026-000009")]),
    )
    assert second.rows_loaded == 1
    assert any("already held" in p for p in second.problems)
    assert _count(sqlite_store, tables.reports) == 2


def test_invalid_rows_are_quarantined_naming_row_and_field(
    store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    rows = [
        report("IR-1"),
        report("IR-2", channel="CARRIER_PIGEON"),
        report("IR-3", reported_at="2026-03-02T09:00:00"),
        "{not json",
        report("IR-5", latitude=123.0),
        report("IR-6"),
    ]
    result = import_reports(as_role(store), write_jsonl(tmp_path / "r.jsonl", rows))

    assert (result.rows_total, result.rows_loaded, result.rows_quarantined) == (6, 2, 4)
    held = _quarantine(store)
    assert [(q["row_number"], q["record_ref"], q["field"]) for q in held] == [
        (2, "IR-2", "channel"),
        (3, "IR-3", "reported_at"),
        (4, None, "line"),
        (5, "IR-5", "latitude"),
    ]
    assert "no UTC offset" in held[1]["reason"]
    assert held[0]["raw"]["channel"] == "CARRIER_PIGEON"  # the row is kept as it came
    assert "row 2 (IR-2): channel:" in result.problems[0]
    with store.connect() as conn:
        batch = conn.execute(select(tables.import_batches)).mappings().one()
    assert (batch["rows_total"], batch["rows_loaded"], batch["rows_quarantined"]) == (6, 2, 4)


def test_secret_material_is_refused_and_its_content_not_kept(
    store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    rows = [report("IR-S", classification="SECRET"), report("IR-T", classification="TOP SECRET")]
    result = import_reports(as_role(store), write_jsonl(tmp_path / "r.jsonl", rows))

    assert result.rows_loaded == 0 and result.rows_quarantined == 2
    assert _count(store, tables.reports) == 0
    held = _quarantine(store)
    assert [q["field"] for q in held] == ["classification", "classification"]
    assert "SECRET material is refused" in held[0]["reason"]
    assert "text" not in held[0]["raw"] and "mentions" not in held[0]["raw"]
    assert held[0]["raw"]["reference"] == "IR-S"


def test_an_unknown_marking_is_quarantined_and_a_dual_legacy_marking_read_by_its_gsc_part(
    sqlite_store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    rows = [
        report("IR-R", classification="RESTRICTED"),
        report("IR-D", classification="RESTRICTED / OFFICIAL-SENSITIVE"),
    ]
    result = import_reports(as_role(sqlite_store), write_jsonl(tmp_path / "r.jsonl", rows))
    assert result.rows_loaded == 1
    with sqlite_store.connect() as conn:
        marking = conn.execute(select(tables.reports.c.classification)).scalar_one()
    assert marking == "OFFICIAL-SENSITIVE"
    assert _quarantine(sqlite_store)[0]["field"] == "classification"


GRADING_FAULTS: list[tuple[dict[str, Any], str]] = [
    # 3x5x2 records that use 5x5x5 values
    ({"source_evaluation": "B"}, "source_evaluation"),
    ({"intelligence_assessment": "2"}, "intelligence_assessment"),
    ({"handling_code": "4"}, "handling_code"),
    # 5x5x5 records that use 3x5x2 values
    ({"grading_scheme": "5x5x5", "source_evaluation": "2"}, "source_evaluation"),
    (
        {
            "grading_scheme": "5x5x5",
            "source_evaluation": "B",
            "intelligence_assessment": "D",
            "handling_code": "1",
        },
        "intelligence_assessment",
    ),
    ({"handling_code": "C", "handling_conditions": "  "}, "handling_conditions"),
    ({"handling_code": None}, "handling_code"),
]


def test_grades_are_checked_against_their_scheme(
    sqlite_store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    rows = [report(f"IR-{n}", **overrides) for n, (overrides, _) in enumerate(GRADING_FAULTS)]
    path = write_jsonl(tmp_path / "r.jsonl", [*rows, report("IR-OK")])
    result = import_reports(as_role(sqlite_store), path)
    assert (result.rows_loaded, result.rows_quarantined) == (1, len(GRADING_FAULTS))
    assert [q["field"] for q in _quarantine(sqlite_store)] == [f for _, f in GRADING_FAULTS]


def test_a_legacy_5x5x5_grade_is_stored_as_it_came(
    store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    legacy = report(
        grading_scheme="5x5x5",
        source_evaluation="B",
        intelligence_assessment="2",
        handling_code="1",
    )
    import_reports(as_role(store), write_jsonl(tmp_path / "r.jsonl", [legacy]))
    with store.connect() as conn:
        row = conn.execute(select(tables.reports)).mappings().one()
    assert (row["grading_scheme"], row["source_evaluation"]) == ("5x5x5", "B")
    assert (row["intelligence_assessment"], row["handling_code"]) == ("2", "1")


def test_a_handling_code_c_report_keeps_its_conditions(
    sqlite_store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    conditioned = report(handling_code="C", handling_conditions="Not to be shared with housing")
    result = import_reports(as_role(sqlite_store), write_jsonl(tmp_path / "r.jsonl", [conditioned]))
    assert result.rows_loaded == 1
    with sqlite_store.connect() as conn:
        row = conn.execute(select(tables.reports)).mappings().one()
    assert row["handling_conditions"] == "Not to be shared with housing"


def test_a_bad_mention_is_dropped_and_the_report_kept(
    store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    mentions = [
        {"schema": "Phone", "properties": {"number": "0770 090"}},
        {"schema": "Vehicle", "properties": {"vrm": "AB12 CDE"}},
        {"schema": "Spaceship", "properties": {"name": "x"}},
    ]
    path = write_jsonl(tmp_path / "r.jsonl", [report("IR-M", mentions=mentions)])
    result = import_reports(as_role(store), path)

    assert (result.rows_loaded, result.rows_quarantined) == (1, 0)
    assert len(result.problems) == 2
    assert result.problems[0].startswith("row 1 (IR-M): mentions[0].number:")
    assert "mention dropped" in result.problems[0]
    assert result.problems[1].startswith("row 1 (IR-M): mentions[2].schema:")
    with store.connect() as conn:
        entity_ids = set(conn.execute(select(tables.entities.c.id)).scalars())
    assert entity_ids == {mention_id("Vehicle", "IR-M", 1)}


def test_a_failure_part_way_through_a_file_loads_nothing(
    store: Store, as_role: MakeAccess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [report(f"IR-{n}") for n in range(1, 5)]
    path = write_jsonl(tmp_path / "r.jsonl", rows)
    real_add_entity = reports_module.add_entity
    calls: list[str] = []

    def failing_add_entity(*args: Any, **kwargs: Any) -> str:
        calls.append(args[2])
        if len(calls) == 5:  # the third report's first mention
            raise RuntimeError("disk full")
        return real_add_entity(*args, **kwargs)

    monkeypatch.setattr(reports_module, "add_entity", failing_add_entity)
    with pytest.raises(RuntimeError, match="disk full"):
        import_reports(as_role(store), path)

    for table in (
        tables.reports,
        tables.report_originals,
        tables.entities,
        tables.statements,
        tables.import_batches,
        tables.audit_log,
    ):
        assert _count(store, table) == 0, table.name

    monkeypatch.setattr(reports_module, "add_entity", real_add_entity)
    result = import_reports(as_role(store), path)
    assert result.rows_loaded == 4  # the failed attempt left no batch behind


def test_progress_is_reported_and_an_interruption_loads_nothing(
    sqlite_store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", [report(f"IR-{n}") for n in range(3)])
    seen: list[tuple[int, int]] = []

    def interrupt(done: int, total: int) -> None:
        seen.append((done, total))
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_reports(as_role(sqlite_store), path, progress=interrupt)
    assert seen == [(1, 3), (2, 3)]
    assert _count(sqlite_store, tables.reports) == 0


def test_each_import_is_logged_as_a_collection_listing_the_batch(
    store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", [report()])
    result = import_reports(as_role(store), path)
    with store.connect() as conn:
        record = conn.execute(select(tables.audit_log)).mappings().one()
    assert record["operation"] == "COLLECTION"
    assert record["actor_id"] == "user-intelligence_officer"
    assert f"batch:{result.batch_id}" in record["record_ids"]
    assert report_id("IR-2026-000001") in record["record_ids"]


def test_importing_needs_the_import_permission(
    sqlite_store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", [report()])
    with pytest.raises(AccessDenied):
        import_reports(as_role(sqlite_store, Role.OFFICER), path)
    assert _count(sqlite_store, tables.import_batches) == 0
