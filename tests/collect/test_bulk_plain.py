"""Plain partner rows checked a column at a time: stored exactly as the row checker stores them."""

from __future__ import annotations

import csv
import itertools
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from collect.conftest import acting
from linewatch.access import OrganisationKind, create_organisation
from linewatch.collect import FileRejected, bulk_write, import_partner_file
from linewatch.collect import bulk as bulk_module
from linewatch.collect.bulk_plain import PYTHON_WHITESPACE, plain_rows
from linewatch.evaluate import might_identify_reporter, sanitise
from linewatch.store import ImportResult, Store, tables

_orgs = itertools.count()

TIMES = [
    "2026-11-20T10:00:00+00:00",
    "2026-11-20T10:00:00Z",
    "2026-11-20T23:30:00-05:30",
    "2026-11-20T00:10:00+23:59",
    " 2026-11-20T10:00:00+01:00\t",
    "2026-02-30T10:00:00+00:00",
    "2026-11-20T24:00:00+00:00",
    "2026-11-20 10:00:00+00:00",
    "2026-11-20T10:00:00",
    "2026-11-20T10:00:00.250+00:00",
    "1899-12-31T23:00:00+00:00",
    "20 November 2026",
    "",
]
TEXTS = [
    "Young people seen going in and out of the flat above the shop.",
    'A "runner" called Tall Dee, with a, comma\nand a new line',
    "  Padded text with a trailing tab\t",
    "My name is Sam Jones and I live at 4 High Street; call me on 07700 900123.",
    "I'm his aunt and we live next door to the flat.",
    "ı live in the same block",
    "Text with a NUL \x00 in it",
    "\u00a0",
    "",
    "x" * 10_001,
]
MARKINGS = [
    "OFFICIAL",
    "official",
    " Official-Sensitive ",
    "OFFICIAL-SENSITIVE",
    "SECRET",
    "RESTRICTED / OFFICIAL-SENSITIVE",
    "OFFİCIAL",
    "",
]
PLACES = [
    ("52.6698", "-0.7311"),
    ("", ""),
    ("52.6", ""),
    ("91", "0"),
    ("1e1", "2"),
    (" 52.60 ", "-0.70"),
    ("nan", "0"),
    ("52.1234567890123456789", "0"),
    ("-90", "180"),
]
OPTIONAL = {
    "location_text": ["Catmose Park", "", "  Oakham  ", "y" * 301],
    "submitted_by": ["", "PC 1234 Smith", "z" * 65],
    "occurred_at": TIMES,
    "is_synthetic": ["", "true", "Yes", "0", "maybe", " t "],
    "source_evaluation": ["", "2", "x"],
    "intelligence_assessment": ["", "B"],
    "handling_code": ["", "P", "C"],
    "handling_conditions": ["", "Not to be shared outside the force"],
    "grading_scheme": ["", "5x5x5"],
    "priority": ["", "HIGH", "urgent"],
    "mentions": ["", "[]"],
}


def _value(draw: st.DrawFn, values: list[Any]) -> Any:
    """The column's first (plain) value half the time, else any of its values."""
    return values[0] if draw(st.booleans()) else draw(st.sampled_from(values))


@st.composite
def partner_files(draw: st.DrawFn) -> tuple[list[str], list[dict[str, str]]]:
    """A header and rows whose every column is, independently, plain or not."""
    optional = draw(st.lists(st.sampled_from(sorted(OPTIONAL)), unique=True, max_size=5))
    with_places = draw(st.booleans())
    header = ["reference", "reported_at", "text", "classification", *optional]
    header += ["latitude", "longitude"] if with_places else []
    rows = []
    for n in range(draw(st.integers(1, 6))):
        row = {
            "reference": _value(draw, [f"R-{n}", f" R-{n} ", "DUP", "", "r" * 65]),
            "reported_at": _value(draw, TIMES),
            "text": _value(draw, TEXTS),
            "classification": _value(draw, MARKINGS),
        }
        for name in optional:
            row[name] = _value(draw, OPTIONAL[name])
        if with_places:
            row["latitude"], row["longitude"] = _value(draw, PLACES)
        rows.append(row)
    return header, rows


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _import(store: Store, path: Path, *, bulk: bool) -> tuple[str, ImportResult]:
    org = f"partner-{next(_orgs)}-{'bulk' if bulk else 'rows'}"
    with store.begin() as conn:
        create_organisation(conn, org, "Rutland County Council Housing", OrganisationKind.HOUSING)
    loader = bulk_module.LOADER if bulk else replace(bulk_module.LOADER, bulk=None)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bulk_module, "LOADER", loader)
        return org, import_partner_file(acting(store), path, org)


_DIFFERENT_BY_SENDER = {"id", "reference", "batch_id", "report_id"}


def _stored(store: Store, result: ImportResult) -> dict[str, Any]:
    """Everything the import stored, keyed by where each row came from."""
    r, o, g, q = tables.reports, tables.report_originals, tables.grade_history, tables.quarantine
    with store.connect() as conn:
        reports = conn.execute(
            select(r, o).join(o, o.c.report_id == r.c.id).where(r.c.batch_id == result.batch_id)
        ).mappings()
        by_source = {
            row["source_ref"]: {k: v for k, v in row.items() if k not in _DIFFERENT_BY_SENDER}
            for row in reports
        }
        grades = conn.execute(
            select(o.c.source_ref, g.c.source_evaluation, g.c.intelligence_assessment)
            .join(g, g.c.report_id == o.c.report_id)
            .join(r, r.c.id == o.c.report_id)
            .where(r.c.batch_id == result.batch_id)
        ).all()
        quarantined = conn.execute(
            select(q.c.row_number, q.c.field, q.c.reason, q.c.record_ref)
            .where(q.c.batch_id == result.batch_id)
            .order_by(q.c.row_number)
        ).all()
    counts = (result.rows_total, result.rows_loaded, result.rows_quarantined)
    return {
        "reports": by_source,
        "grades": sorted(grades),
        "quarantine": quarantined,
        "counts": counts,
    }


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(file=partner_files())
def test_a_file_is_stored_the_same_with_or_without_the_column_checks(
    store: Store,
    tmp_path_factory: pytest.TempPathFactory,
    file: tuple[list[str], list[dict[str, str]]],
) -> None:
    header, rows = file
    folder = tmp_path_factory.mktemp("files")
    by_rows = _import(store, _write(folder / "a" / "reports.csv", header, rows), bulk=False)[1]
    by_columns = _import(store, _write(folder / "b" / "reports.csv", header, rows), bulk=True)[1]
    assert _stored(store, by_columns) == _stored(store, by_rows)
    assert by_columns.problems == by_rows.problems


def _raw(**values: object) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "reference": "R-1",
        "reported_at": "2026-11-20T10:00:00+00:00",
        "text": "Young people seen at the flat.",
        "classification": "OFFICIAL",
        "location_text": "Oakham",
    }
    raw.update(values)
    return raw


def _plain(*raws: dict[str, Any]) -> list[int]:
    rows = list(enumerate(raws, start=2))
    return plain_rows(rows, set()).positions


def test_ordinary_rows_are_plain_and_every_doubtful_one_is_left_to_the_row_checker() -> None:
    assert _plain(_raw(), _raw(reference="R-2", latitude="52.6", longitude="-0.7")) == [0, 1]
    doubtful = [
        _raw(source_evaluation="2"),  # a grade
        _raw(mentions=[]),  # mentions, even none
        _raw(reported_at="2026-11-20T10:00:00"),  # no offset
        _raw(reported_at="2026-02-30T10:00:00+00:00"),  # no such day
        _raw(classification="SECRET"),
        _raw(text="  "),
        _raw(latitude="52.6"),  # one coordinate only
        _raw(reference=17),  # not text
        _raw(_error="has more values than the header has columns"),
    ]
    for raw in doubtful:
        assert _plain(raw) == [], raw
    # A reference an earlier row had is left to the row checker, which counts it as held.
    assert _plain(_raw(), _raw(reference=" R-1")) == [0]


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("myoureaiwlvstkMYOUREAIWLVSTK '’-.,")
            + list("\u0130\u0131\u017f\u212a\u00e9\u00a0\x85\u2028")
        ),
        max_size=40,
    )
)
def test_the_column_look_flags_every_text_the_sanitiser_would_change(text: str) -> None:
    flagged = might_identify_reporter(pa.array([text]))[0].as_py()
    assert flagged or not sanitise(text).changed, text


def test_the_first_person_look_in_columns_finds_what_python_finds() -> None:
    texts = [
        "I think a lad",
        "my neighbour",
        "We\u00a0live here",
        "I\u2019m his mum",
        "Kelvin",
        "ı",
    ]
    flagged = might_identify_reporter(pa.array(texts)).to_pylist()
    assert flagged == [False, True, True, True, False, True]


def test_the_whitespace_trimmed_from_a_column_is_what_str_strip_removes() -> None:
    python = {chr(c) for c in range(0x110000) if chr(c).isspace()}
    assert set(PYTHON_WHITESPACE) == python


def test_a_file_cut_short_after_chunks_were_written_loads_nothing(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk_write, "CHUNK", 2)
    whole = [f"C-{n},2026-11-20T10:00:00+00:00,Seen at the flat,OFFICIAL" for n in range(5)]
    path = tmp_path / "cut.csv"
    path.write_text("reference,reported_at,text,classification\n" + "\n".join(whole) + ',x,"cut')
    with store.begin() as conn:
        create_organisation(conn, "partner-cut", "Rutland County Council", "LOCAL_AUTHORITY")
    with pytest.raises(FileRejected, match="cut short"):
        import_partner_file(acting(store), path, "partner-cut")
    with store.connect() as conn:
        assert conn.execute(select(tables.import_batches.c.id)).first() is None
        assert conn.execute(select(tables.reports.c.id)).first() is None
