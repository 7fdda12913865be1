"""Reading CSV and XLSX productions as text, exactly as written, for validation.

DuckDB reads a CSV production itself (``load_csv``): every column as text, so a bad value is
quarantined with its own text, into a temporary table whose row ids number the data rows in
file order. An XLSX workbook is streamed row by row (openpyxl's read-only mode) into a
scratch CSV first, so a large sheet never sits in memory.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path

import openpyxl


@contextmanager
def as_readable(path: Path, scratch: Path) -> Iterator[Path]:
    """``path`` itself if it is Parquet or CSV, else a scratch CSV copy removed after."""
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".csv"):
        yield path
        return
    if suffix != ".xlsx":
        raise ValueError(f"{path.name} is not CSV, XLSX or Parquet")
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch, prefix=".stage-") as folder:
        text = Path(folder) / "sheet.csv"
        xlsx_to_csv(path, text)
        yield text


def csv_sql(source: Path) -> str:
    """SQL reading a CSV with a header row, every column as text exactly as written.

    The header is read here, so DuckDB need not sniff the file; a ragged row is kept, its
    missing fields empty.
    """
    try:
        with source.open(newline="", encoding="utf-8-sig") as handle:
            header = next(csv.reader(handle), [])
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ValueError(f"cannot read {source.name} as CSV: {exc}") from None
    if not header:
        raise ValueError(f"{source.name} has no header row")
    columns = ", ".join(_literal(name) + ": 'VARCHAR'" for name in _unique(header))
    return (
        f"SELECT * FROM read_csv({_literal(str(source))}, header = true, auto_detect = false, "
        f"delim = ',', quote = '\"', escape = '\"', columns = {{{columns}}}, "
        "null_padding = true, strict_mode = false)"
    )


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _unique(header: list[str]) -> list[str]:
    """Header names made unique (a repeated or empty name gets a suffix, as DuckDB would)."""
    seen: set[str] = set()
    names = []
    for number, raw in enumerate(header):
        name = raw.strip() or f"column{number}"
        candidate, n = name, 1
        while candidate in seen:
            candidate, n = f"{name}_{n}", n + 1
        seen.add(candidate)
        names.append(candidate)
    return names


def xlsx_to_csv(source: Path, target: Path) -> None:
    """Stream the first sheet of a workbook to CSV; formulas are kept as their text."""
    try:
        book = openpyxl.load_workbook(source, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ValueError(f"cannot read {source.name} as XLSX: {exc}") from None
    try:
        sheet = book.worksheets[0]
        with target.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            for row in sheet.iter_rows(values_only=True):
                if row and any(cell is not None for cell in row):
                    writer.writerow([_text(cell) for cell in row])
    finally:
        book.close()


def _text(cell: object) -> str:
    """A cell as text; a date cell as ISO 8601 without an offset (read in the mapping's zone)."""
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.isoformat(sep=" ")
    if isinstance(cell, date | time):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)
