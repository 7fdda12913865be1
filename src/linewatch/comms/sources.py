"""Turning a CSV or XLSX production into Parquet, text as written, before it is validated.

Validation reads its source three times (count, valid rows, rejected rows), so a text file is
read once into a scratch Parquet file of VARCHAR columns and a row number; every value is kept
as written so a bad one is quarantined with its own text. An XLSX workbook is streamed row by
row (openpyxl's read-only mode) into CSV first, so a large sheet never sits in memory.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path

import duckdb
import openpyxl


@contextmanager
def as_parquet(path: Path, scratch: Path) -> Iterator[Path]:
    """``path`` itself if it is Parquet, else a scratch Parquet copy that is removed after."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        yield path
        return
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch, prefix=".stage-") as folder:
        text = path
        if suffix == ".xlsx":
            text = Path(folder) / "sheet.csv"
            xlsx_to_csv(path, text)
        elif suffix != ".csv":
            raise ValueError(f"{path.name} is not CSV, XLSX or Parquet")
        target = Path(folder) / "staged.parquet"
        csv_to_parquet(text, target)
        yield target


def csv_to_parquet(source: Path, target: Path) -> None:
    """Copy a CSV with a header row into Parquet, every column as text, rows numbered from 1."""
    con = duckdb.connect()
    try:
        src = str(source).replace("'", "''")
        dst = str(target).replace("'", "''")
        # Rows keep file order (DuckDB preserves insertion order), so row_number() numbers the
        # data rows as they appear; a ragged row is kept, its missing fields empty.
        con.execute(
            f"COPY (SELECT * FROM read_csv('{src}', header = true, all_varchar = true, "
            f"null_padding = true, strict_mode = false)) TO '{dst}' (FORMAT parquet)"
        )
    except duckdb.Error as exc:
        raise ValueError(f"cannot read {source.name} as CSV: {exc}") from None
    finally:
        con.close()


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
