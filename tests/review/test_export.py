"""The PCC report as CSV, PDF and HTML with charts: shown values only, the threshold stated."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

from pypdf import PdfReader

from linewatch.access import Access, Actor
from linewatch.model import Role
from linewatch.review import bar_chart, pcc_csv, pcc_figures, pcc_html, pcc_pdf
from linewatch.store import Provenance, Store, add_entity, tables

PCC = Actor("pcc", Role.PCC_OFFICE, "pcc-office")


def _when(month: int, day: int = 10, hour: int = 12) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def _seed(store: Store) -> None:
    prov = Provenance("record", "t", is_synthetic=True)
    with store.begin() as conn:
        add_entity(conn, "Person", "pe-1", {"name": "P"}, prov)
        add_entity(conn, "Address", "ad-1", {"full": "1 Row"}, prov)
        conn.execute(
            tables.arrests.insert(),
            [
                {"id": f"ar-{i}", "person_id": "pe-1", "arrested_at": _when(m), "offence": "x"}
                for i, m in enumerate([2, 3, 3, 3, 3])
            ],
        )
        conn.execute(
            tables.reports.insert(),
            [
                {
                    "id": f"r-{i}",
                    "reference": f"IR-{i}",
                    "channel": "CALL_101",
                    "originating_org": "x",
                    "reported_at": _when(3, 1 + i),
                    "graded_at": _when(3, 1 + i, 18),
                    "sanitised_text": "t",
                }
                for i in range(4)
            ],
        )
        conn.execute(
            tables.warrants.insert().values(
                id="w-1",
                address_id="ad-1",
                power="MDA_S23",
                applied_at=_when(3, 21),
                grounds_report_ids=["r-0", "r-1", "r-2"],
            )
        )
        conn.execute(
            tables.visits.insert(),
            [
                # due 1 Mar, made the same day: on time
                {
                    "id": "v-1",
                    "address_id": "ad-1",
                    "scheduled_for": _when(3, 1),
                    "performed_at": _when(3, 1, 15),
                },
                # due 5 Mar, made 9 Mar: late
                {
                    "id": "v-2",
                    "address_id": "ad-1",
                    "scheduled_for": _when(3, 5),
                    "performed_at": _when(3, 9),
                },
                # due 20 Mar, never made: late
                {
                    "id": "v-3",
                    "address_id": "ad-1",
                    "scheduled_for": _when(3, 20),
                    "performed_at": None,
                },
                # due after the period: not counted
                {
                    "id": "v-4",
                    "address_id": "ad-1",
                    "scheduled_for": _when(5, 20),
                    "performed_at": None,
                },
            ],
        )


def test_timings_and_late_visits_count_what_happened(sqlite_store: Store) -> None:
    _seed(sqlite_store)
    figures = pcc_figures(
        Access(sqlite_store, PCC, "PCC reporting"), date(2026, 1, 1), date(2026, 3, 31)
    )
    late = figures.figure("visits_overdue")
    assert (late.value, late.display) == (2, "<3")
    grading = figures.figure("report_to_grading_hours")
    assert (grading.display, grading.unit) == ("6.0", "median hours")
    warrant = figures.figure("report_to_warrant_days")
    assert warrant.display == "19.0"  # reports of 1, 2 and 3 March; warrant on 21 March
    assert warrant.by_month == {"2026-03": "19.0"}


def test_a_median_on_too_few_records_is_not_shown(sqlite_store: Store) -> None:
    _seed(sqlite_store)
    with sqlite_store.begin() as conn:
        conn.execute(tables.warrants.update().values(grounds_report_ids=["r-0", "r-1"]))
    figures = pcc_figures(
        Access(sqlite_store, PCC, "PCC reporting"), date(2026, 1, 1), date(2026, 3, 31)
    )
    assert figures.figure("report_to_warrant_days").display == "too few"


def test_csv_pdf_and_html_carry_the_shown_values_only(sqlite_store: Store) -> None:
    _seed(sqlite_store)
    figures = pcc_figures(
        Access(sqlite_store, PCC, "PCC reporting"), date(2026, 1, 1), date(2026, 3, 31)
    )
    assert all("value" not in f for f in figures.to_dict()["figures"])
    rows = list(csv.reader(io.StringIO(pcc_csv(figures))))
    assert rows[0] == ["measure", "label", "unit", "total", "2026-01", "2026-02", "2026-03"]
    arrests = next(r for r in rows if r and r[0] == "arrests")
    assert arrests[3:] == ["5", "0", "<3", "4"]
    assert any("shown as <3" in cell for r in rows for cell in r)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pcc_pdf(figures))).pages)
    assert "Performance against County Lines" in text and "OFFICIAL" in text
    assert "Arrests" in text and "<3" in text
    html = pcc_html(figures)
    assert (
        'data-chart="arrests"' in html
        and "<script" not in html
        and "http" not in html.replace("http://www.w3.org/2000/svg", "")
    )


def test_a_chart_draws_a_suppressed_month_as_a_labelled_stub(sqlite_store: Store) -> None:
    _seed(sqlite_store)
    figures = pcc_figures(
        Access(sqlite_store, PCC, "PCC reporting"), date(2026, 1, 1), date(2026, 3, 31)
    )
    svg = bar_chart(figures.figure("arrests"), ["2026-01", "2026-02", "2026-03"])
    assert svg.count("<rect x=") == 3
    assert "url(#lw-hatch-arrests)" in svg and ">&lt;3<" in svg and ">4<" in svg
    assert 'aria-label="Arrests by month. 2026-01: 0, 2026-02: &lt;3, 2026-03: 4"' in svg
