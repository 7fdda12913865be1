"""Partner report files: CSV, JSON Lines and XLSX, re-imports, quarantine, hostile files."""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import json
import sys
from base64 import b32encode
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError
from sqlalchemy import select

from collect.conftest import MakeAccess
from linewatch.access import (
    NEIGHBOURING_FORCE_ORG,
    PARTNER_ORG,
    Access,
    AccessDenied,
    Actor,
)
from linewatch.collect import (
    FileRejected,
    bulk_write,
    csv_safe,
    import_partner_file,
    quarantined,
    read_partner_file,
    resubmit,
)
from linewatch.collect import bulk as bulk_module
from linewatch.collect.bulk import partner_reference, read_csv_text, read_jsonl_text, write_csv
from linewatch.collect.reports import IncomingReport
from linewatch.model import Role
from linewatch.store import Store, tables

HEADER = ["reference", "reported_at", "text", "classification", "location_text"]


def _row(ref: str, **changes: str) -> dict[str, str]:
    row = {
        "reference": ref,
        "reported_at": "2026-11-20T10:00:00+00:00",
        "text": f"Young people seen dealing near the park ({ref}).",
        "classification": "OFFICIAL-SENSITIVE",
        "location_text": "Catmose Park",
    }
    row.update(changes)
    return row


def _csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _reports(store: Store) -> list[dict[str, object]]:
    r, o = tables.reports, tables.report_originals
    with store.connect() as conn:
        rows = conn.execute(
            select(
                r.c.reference, r.c.channel, r.c.originating_org, o.c.source_ref, o.c.original_text
            )
            .join(o, o.c.report_id == r.c.id)
            .order_by(o.c.source_ref)
        ).mappings()
        return [dict(row) for row in rows]


def test_a_partner_csv_loads_with_provenance_and_a_second_import_adds_nothing(
    organised: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    access = as_role(organised)
    path = _csv(tmp_path / "housing.csv", [_row("H-1"), _row("H-2", reported_at="yesterday")])

    first = import_partner_file(access, path, PARTNER_ORG)
    again = import_partner_file(access, path, PARTNER_ORG)

    assert (first.rows_loaded, first.rows_quarantined) == (1, 1)
    assert any("row 3 (H-2): reported_at:" in p for p in first.problems)
    assert again.already_imported
    [report] = _reports(organised)
    assert report["channel"] == "PARTNER_AGENCY"
    assert report["originating_org"] == "Rutland County Council Housing"
    assert report["source_ref"] == "H-1 (housing.csv row 2)"
    with organised.connect() as conn:
        batch = conn.execute(select(tables.import_batches)).mappings().one()
    assert batch["organisation"] == PARTNER_ORG


def test_a_quarantined_row_is_corrected_and_keeps_its_provenance(
    organised: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    access = as_role(organised)
    path = _csv(
        tmp_path / "lincs.csv", [_row("L-1", classification="SECRET"), _row("L-2", text="")]
    )
    result = import_partner_file(access, path, NEIGHBOURING_FORCE_ORG)
    assert result.rows_loaded == 0 and result.rows_quarantined == 2
    rows = {r.record_ref: r for r in quarantined(access)}
    # SECRET material is refused outright: its words are not kept even in quarantine.
    assert "text" not in rows["L-1"].raw and rows["L-2"].field == "text"

    fixed = resubmit(access, rows["L-2"].id, {"text": "A county line runner from Lincoln."})

    assert fixed.rows_loaded == 1
    [report] = _reports(organised)
    assert report["channel"] == "NEIGHBOURING_FORCE"
    assert report["source_ref"] == "L-2 (lincs.csv row 3)"


def test_the_cycle_collector_is_paused_during_an_import_and_back_after_it(
    organised: Store, as_role: MakeAccess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    real_check, real_bulk = bulk_module.LOADER.check, bulk_module.LOADER.bulk
    assert real_bulk is not None

    def check(raw: dict[str, Any]) -> tuple[IncomingReport, list[str]]:
        seen.append(gc.isenabled())
        return real_check(raw)

    def bulk(conn: Any, rows: Any, context: Any, done: Any) -> Any:
        seen.append(gc.isenabled())
        rows = list(rows)
        if any(raw.get("reference") == "BAD" for _, raw in rows):
            raise RuntimeError("a fault part-way through the file")
        return real_bulk(conn, rows, context, done)

    loader = replace(bulk_module.LOADER, check=check, bulk=bulk)
    monkeypatch.setattr(bulk_module, "LOADER", loader)
    access = as_role(organised)
    assert gc.isenabled()
    rows = [_row("A-1"), _row("A-2", classification="SECRET")]
    import_partner_file(access, _csv(tmp_path / "a.csv", rows), PARTNER_ORG)
    # The plain row is written in bulk, the other checked on its own: both with it paused.
    assert seen == [False, False] and gc.isenabled()
    with pytest.raises(RuntimeError):
        import_partner_file(access, _csv(tmp_path / "b.csv", [_row("BAD")]), PARTNER_ORG)
    assert gc.isenabled()


def test_threads_hand_over_quickly_while_rows_are_written_and_as_before_after(
    organised: Store, as_role: MakeAccess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[float] = []
    real_store = bulk_write._store

    def store(conn: Any, prepared: Any) -> Any:
        seen.append(sys.getswitchinterval())
        return real_store(conn, prepared)

    monkeypatch.setattr(bulk_write, "_store", store)
    usual = sys.getswitchinterval()
    rows = [_row(f"Q-{n}") for n in range(3)]
    import_partner_file(as_role(organised), _csv(tmp_path / "q.csv", rows), PARTNER_ORG)
    assert seen == [bulk_write.SWITCH_INTERVAL] and sys.getswitchinterval() == usual
    # Two imports at once share the setting; it is put back when the last one ends.
    with bulk_write._quick_thread_switches():
        with bulk_write._quick_thread_switches():
            assert sys.getswitchinterval() == bulk_write.SWITCH_INTERVAL
        assert sys.getswitchinterval() == bulk_write.SWITCH_INTERVAL
    assert sys.getswitchinterval() == usual
    with pytest.raises(RuntimeError), bulk_write._quick_thread_switches():
        raise RuntimeError("a fault part-way through the file")
    assert sys.getswitchinterval() == usual


def test_the_same_report_from_two_organisations_is_two_reports(
    organised: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    access = as_role(organised)
    import_partner_file(access, _csv(tmp_path / "a.csv", [_row("R-1")]), PARTNER_ORG)
    import_partner_file(access, _csv(tmp_path / "b.csv", [_row("R-1")]), NEIGHBOURING_FORCE_ORG)
    assert len(_reports(organised)) == 2


def test_xlsx_formulas_are_kept_as_text_never_evaluated(
    organised: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    path = _xlsx(
        tmp_path / "schools.xlsx",
        [
            [
                "S-1",
                "2026-11-20T10:00:00+00:00",
                '=HYPERLINK("http://x.invalid","click")',
                "OFFICIAL",
                "=1+1",
            ]
        ],
    )
    result = import_partner_file(as_role(organised), path, PARTNER_ORG)
    assert result.rows_loaded == 1, result.problems
    [report] = _reports(organised)
    assert report["original_text"] == '=HYPERLINK("http://x.invalid","click")'
    out = io.StringIO()
    write_csv([[report["original_text"], "-5", "@SUM(A1)", "plain"]], out)
    cells = next(csv.reader(io.StringIO(out.getvalue())))
    assert cells == ["'" + str(report["original_text"]), "'-5", "'@SUM(A1)", "plain"]


def test_spreadsheet_dates_are_read_as_uk_local_time(tmp_path: Path) -> None:
    from datetime import datetime

    path = _xlsx(tmp_path / "d.xlsx", [["D-1", datetime(2026, 7, 1, 21, 30), "t", "OFFICIAL"]])
    [(number, raw)] = read_partner_file(path)
    assert number == 2 and raw["reported_at"] == "2026-07-01T21:30:00+01:00"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "cut.csv",
            b'reference,reported_at,text,classification\nA,2026-11-20T10:00:00+00:00,"unfinished',
            "cut short",
        ),
        ("cut.jsonl", b'{"reference": "A", "text": "fine"}\n{"reference": "B", "te', "cut short"),
        (
            "latin.csv",
            "reference,reported_at,text,classification\nA,x,caf\xe9,OFFICIAL\n".encode("latin-1"),
            r"line 2 has a byte \(0xe9\)",
        ),
        ("cut.xlsx", b"PK\x03\x04" + b"\x00" * 40, "not a complete XLSX workbook"),
        ("columns.csv", b"ref,text\nA,b\n", r"lacks the column\(s\) reference"),
        ("notes.txt", b"hello", "send .csv"),
    ],
)
def test_a_file_that_cannot_be_read_whole_is_refused_and_nothing_is_loaded(
    organised: Store, as_role: MakeAccess, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(FileRejected, match=message):
        import_partner_file(as_role(organised), path, PARTNER_ORG)
    with organised.connect() as conn:
        assert conn.execute(select(tables.import_batches.c.id)).first() is None
        assert conn.execute(select(tables.reports.c.id)).first() is None


def test_a_truncated_real_workbook_is_refused(tmp_path: Path) -> None:
    whole = _xlsx(tmp_path / "whole.xlsx", [["W-1", "2026-11-20T10:00:00+00:00", "t", "OFFICIAL"]])
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    with pytest.raises(FileRejected, match="XLSX"):
        read_partner_file(cut)


def test_utf16_from_a_spreadsheet_program_is_read(tmp_path: Path) -> None:
    path = tmp_path / "u16.csv"
    path.write_text("reference,reported_at,text,classification\nA,t,caf\u00e9,OFFICIAL\n", "utf-16")
    [(_, raw)] = read_partner_file(path)
    assert raw["text"] == "caf\u00e9"


def test_a_partner_sends_only_as_itself(organised: Store, tmp_path: Path) -> None:
    partner = Access(organised, Actor("api:x", Role.PARTNER, PARTNER_ORG), "Sharing concerns")
    path = _csv(tmp_path / "p.csv", [_row("P-1")])
    with pytest.raises(AccessDenied):
        import_partner_file(partner, path, NEIGHBOURING_FORCE_ORG)
    assert import_partner_file(partner, path, PARTNER_ORG).rows_loaded == 1


# -- properties of the readers --------------------------------------------------------------

cell = st.text(st.sampled_from("ab ,\"'\n\r=-@\u00e9\u2019"), max_size=12)
quick = settings(max_examples=60, deadline=None)


@quick
@given(st.lists(st.tuples(cell, cell, cell, cell), min_size=1, max_size=10))
def test_csv_reading_gives_back_every_row_as_written(rows: list[tuple[str, ...]]) -> None:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["reference", "reported_at", "text", "classification"])
    writer.writerows(rows)
    read = read_csv_text(out.getvalue(), "p.csv")
    expected = [r for r in rows if any(v.strip() for v in r)]
    assert [
        tuple(raw[c] for c in ("reference", "reported_at", "text", "classification"))
        for _, raw in read
    ] == expected
    assert all("_error" not in raw for _, raw in read)


@quick
@given(st.text(max_size=200))
def test_csv_reading_never_fails_but_with_a_clear_rejection(text: str) -> None:
    try:
        rows = read_csv_text("reference,reported_at,text,classification\n" + text, "p.csv")
    except FileRejected as exc:
        assert "nothing was loaded" in str(exc)
    else:
        assert all(isinstance(number, int) and number >= 2 for number, _ in rows)


scalar = st.none() | st.booleans() | st.integers() | st.text(max_size=10)
json_value = scalar | st.lists(scalar, max_size=3)


@quick
@given(st.lists(st.dictionaries(st.text(max_size=10), json_value, max_size=5), max_size=10))
def test_jsonl_reading_keeps_every_object_with_its_line(objects: list[dict[str, object]]) -> None:
    text = "".join(json.dumps(o) + "\n" for o in objects)
    assert [raw for _, raw in read_jsonl_text(text, "p.jsonl")] == objects


@quick
@given(
    st.lists(
        st.dictionaries(st.text(max_size=10), json_value, min_size=1, max_size=5),
        min_size=1,
        max_size=5,
    ),
    st.data(),
)
def test_a_jsonl_file_cut_anywhere_is_refused_or_read_whole(
    objects: list[dict[str, object]], data: st.DataObject
) -> None:
    text = "\n".join(json.dumps(o) for o in objects)
    cut = data.draw(st.integers(1, len(text)))
    try:
        rows = read_jsonl_text(text[:cut], "p.jsonl")
    except FileRejected as exc:
        assert "cut short" in str(exc)
    else:
        # A cut that still leaves a whole object on the last line reads as such.
        assert [raw for _, raw in rows if "_error" not in raw] == [
            json.loads(line) for line in text[:cut].splitlines() if line.strip()
        ]


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=30), st.integers(), st.floats(allow_nan=False, allow_infinity=False)
        ),
        min_size=4,
        max_size=4,
    )
)
def test_xlsx_cells_come_back_as_text_or_numbers(tmp_path: Path, values: list[object]) -> None:
    clean = [v.replace("\x00", "") if isinstance(v, str) else v for v in values]
    try:
        path = _xlsx(tmp_path / "h.xlsx", [clean])
    except IllegalCharacterError:
        return  # control characters a workbook cannot hold: nothing to read back
    rows = read_partner_file(path)
    book = load_workbook(path, read_only=True)
    book.close()
    for _, raw in rows:
        for value in raw.values():
            assert isinstance(value, str | int | float)


@quick
@given(st.text(max_size=30))
def test_csv_safe_never_starts_with_a_formula_character(value: str) -> None:
    assert not csv_safe(value).startswith(("=", "+", "-", "@", "\t", "\r"))
    assert csv_safe(value).endswith(value)


@settings(max_examples=200)
@given(st.text(max_size=64), st.sampled_from(["PARTNER_AGENCY", "NEIGHBOURING_FORCE"]))
def test_a_partner_reference_is_the_start_of_its_digest_in_base32(
    theirs: str, channel: str
) -> None:
    # References already stored were made from the whole digest's encoding: the shorter
    # computation must give the very same text, or a re-sent row would be stored twice.
    digest = hashlib.sha256(f"{PARTNER_ORG}\x1f{theirs}".encode()).digest()
    prefix = "NF" if channel == "NEIGHBOURING_FORCE" else "PA"
    expected = f"{prefix}-{b32encode(digest).decode()[:16]}"
    assert partner_reference(PARTNER_ORG, theirs, channel) == expected
