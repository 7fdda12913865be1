"""The police.uk street-crime importer: the published format as it is, idempotent, bad rows kept."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import func, select

from linewatch.access import system_access
from linewatch.store import Store, tables
from linewatch.tasking import bundled_crime_file, import_crime
from linewatch.tasking.crime import COLUMNS


def _count(store: Store) -> int:
    with store.connect() as conn:
        return int(
            conn.execute(select(func.count()).select_from(tables.police_crimes)).scalar_one()
        )


def test_the_bundled_rutland_extract_loads_whole_and_once(sqlite_store: Store) -> None:
    access = system_access(sqlite_store, "Loading open crime data")
    first = import_crime(access, bundled_crime_file())
    assert (first.rows_total, first.rows_loaded, first.rows_quarantined) == (5161, 5161, 0)
    again = import_crime(access, bundled_crime_file())
    assert again.already_imported
    assert _count(sqlite_store) == 5161
    with sqlite_store.connect() as conn:
        drugs = conn.execute(
            select(func.count()).where(tables.police_crimes.c.crime_type == "Drugs")
        ).scalar_one()
        months = conn.execute(
            select(func.min(tables.police_crimes.c.month), func.max(tables.police_crimes.c.month))
        ).one()
    assert drugs == 160  # as SOURCES.md counts them for Rutland
    assert tuple(months) == ("2019-12", "2022-10")


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_bad_rows_are_quarantined_naming_the_field_and_good_rows_load(
    sqlite_store: Store, tmp_path: Path
) -> None:
    with bundled_crime_file().open(encoding="utf-8") as handle:
        good = list(csv.DictReader(handle))[:3]
    bad = [
        {**good[0], "Crime ID": "", "Month": "2022-13"},
        {**good[0], "Crime ID": "", "Crime type": "Jaywalking"},
        {**good[0], "Crime ID": "", "Latitude": ""},
        {**good[0], "Crime ID": "", "LSOA code": "Rutland"},
    ]
    result = import_crime(
        system_access(sqlite_store, "Loading open crime data"),
        _write(tmp_path / "2022-01-leicestershire-street.csv", good + bad),
    )
    assert (result.rows_loaded, result.rows_quarantined) == (3, 4)
    with sqlite_store.connect() as conn:
        fields = sorted(conn.execute(select(tables.quarantine.c.field)).scalars())
    assert fields == sorted(["Month", "Crime type", "Latitude", "LSOA code"])


def test_a_row_in_two_published_files_is_one_record(sqlite_store: Store, tmp_path: Path) -> None:
    access = system_access(sqlite_store, "Loading open crime data")
    with bundled_crime_file().open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))[:40]  # anti-social behaviour included: no Crime ID
    assert any(not r["Crime ID"] for r in rows)
    month = _write(tmp_path / "month.csv", rows)
    extract = _write(tmp_path / "extract.csv", [*rows[:25], rows[0]])
    assert import_crime(access, month).rows_loaded == 40
    # The extract repeats 25 published rows (and one twice, which is a second incident).
    overlap = import_crime(access, extract)
    assert overlap.rows_total == 26
    assert _count(sqlite_store) == 40 + (1 if not rows[0]["Crime ID"] else 0)


def test_a_file_that_is_not_street_crime_is_refused(sqlite_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    try:
        import_crime(system_access(sqlite_store, "Loading open crime data"), path)
    except ValueError as exc:
        assert "Crime type" in str(exc)
    else:
        raise AssertionError("a file without the police.uk columns was accepted")
    assert _count(sqlite_store) == 0
