"""Reports in bulk from a partner agency or neighbouring force: CSV, JSON Lines or XLSX.

The schema is docs/formats.md's "Partner report files". Each file is one transaction and one
batch (kept with the sending organisation), so importing it again adds nothing; a row that
fails is quarantined naming its row and field, can be corrected and re-submitted, and never
stops the valid rows. Each report keeps where it came from (organisation, file, row).

A file that cannot be read as a whole (not UTF-8 or UTF-16 text, a CSV or JSON Lines file that
stops part-way through a row, a damaged workbook) is refused with nothing loaded. Spreadsheet
cells are read as stored: a formula is kept as its text and never evaluated.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, time
from itertools import chain
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection

from linewatch.access import Access, AccessDenied, OrganisationKind, Permission, get_organisation
from linewatch.collect import fields
from linewatch.collect.bulk_write import FileConstants, write_plain
from linewatch.collect.importer import (
    FileRejected,
    Loader,
    Progress,
    Raw,
    WriteContext,
    Written,
    run_import,
)
from linewatch.collect.intake import MAX_LOCATION, MAX_TEXT
from linewatch.collect.partners import MAX_REFERENCE, channel_for, partner_reference
from linewatch.collect.reports import IncomingReport, check_report, write_reports
from linewatch.store import ImportResult, RowError

KIND = "partner_reports"
COLUMNS = ("reference", "reported_at", "text", "classification")
OPTIONAL_COLUMNS = (
    "occurred_at",
    "location_text",
    "latitude",
    "longitude",
    "submitted_by",
    "source_evaluation",
    "intelligence_assessment",
    "handling_code",
    "handling_conditions",
    "is_synthetic",
)
MAX_ROWS = 1_000_000
# Cells a spreadsheet program would run as a formula if a CSV holding them were opened.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Date cells in a partner's workbook are wall-clock times where the partner is.
LOCAL_TIME = ZoneInfo("Europe/London")
SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".xlsx": "xlsx"}

# Added to each row on reading, so that quarantine and resubmission keep its provenance.
_ORG, _FILE, _ROW = "from_organisation", "source_file", "source_row"


def csv_safe(value: object) -> str:
    """A value for a CSV cell that a spreadsheet will show, never run: a leading = + - @
    (a formula) gets an apostrophe in front (OWASP's advice for CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def write_csv(rows: Iterable[Sequence[object]], out: io.TextIOBase | Any) -> None:
    """Write rows to a CSV with every cell made safe by ``csv_safe``."""
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([csv_safe(v) for v in row])


# -- reading -------------------------------------------------------------------------------


def _decode(data: bytes, name: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileRejected(
            f"{name} is not UTF-8 text: line {line} has a byte ({data[exc.start]:#04x}) that "
            "is not UTF-8. Save the file as 'CSV UTF-8' (or UTF-8 text) and send it again; "
            "nothing was loaded"
        ) from None


def _truncated(name: str, row: int) -> FileRejected:
    return FileRejected(
        f"{name} ends part-way through row {row}: the file looks cut short. "
        "Send the whole file again; nothing was loaded"
    )


def read_csv_text(text: str, name: str) -> list[tuple[int, Raw]]:
    """(row number, row) with the header as row 1; see the module docstring."""
    return list(iter_csv_text(text, name))


def iter_csv_text(text: str, name: str) -> Iterator[tuple[int, Raw]]:
    """The rows of ``read_csv_text``, read as they are asked for. The header is checked at
    once; a file cut short raises FileRejected when the reading reaches its end."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise FileRejected(f"{name}: the header row cannot be read ({exc})") from None
    if not header:
        raise FileRejected(f"{name} is empty: it needs a header row naming the columns")
    header = [h.strip() for h in header]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise FileRejected(f"{name} lacks the column(s) {', '.join(missing)}; nothing was loaded")
    return _csv_rows(reader, header, text.endswith(("\n", "\r")), name)


def _csv_rows(
    reader: Any, header: list[str], complete: bool, name: str
) -> Iterator[tuple[int, Raw]]:
    last: tuple[int, Raw] | None = None
    try:
        for values in reader:
            if not "".join(values).strip():
                continue
            raw: Raw = dict(zip(header, values, strict=False))
            if len(values) > len(header):
                raw["_error"] = "has more values than the header has columns"
            elif len(values) < len(header):
                raw["_error"] = "has fewer values than the header has columns"
            last = (reader.line_num, raw)
            yield last
    except csv.Error:
        raise _truncated(name, reader.line_num) from None
    if last is not None and not complete and "_error" in last[1]:
        raise _truncated(name, last[0])


def read_jsonl_text(text: str, name: str) -> list[tuple[int, Raw]]:
    lines = text.splitlines()
    complete = text.endswith(("\n", "\r"))
    rows: list[tuple[int, Raw]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            if number == len(lines) and not complete:
                raise _truncated(name, number) from None
            rows.append((number, {"_line": line[:2000], "_error": f"not valid JSON: {exc.msg}"}))
            continue
        if not isinstance(value, dict):
            rows.append((number, {"_line": line[:2000], "_error": "not a JSON object"}))
            continue
        rows.append((number, value))
    return rows


def _cell(value: object) -> object:
    if isinstance(value, datetime):
        local = value if value.tzinfo else value.replace(tzinfo=LOCAL_TIME)
        return local.isoformat()
    if isinstance(value, date):
        return datetime.combine(value, time(), LOCAL_TIME).isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return value


def read_xlsx(path: Path) -> list[tuple[int, Raw]]:
    """The first sheet, header in row 1. Formulas are read as their text (the workbook is
    opened without cached results), so nothing in a cell is ever evaluated."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, EOFError) as exc:
        raise FileRejected(
            f"{path.name} is not a complete XLSX workbook ({exc.__class__.__name__}): it may be "
            "cut short or another format. Send it again; nothing was loaded"
        ) from None
    try:
        sheet = book.worksheets[0]
        cells = sheet.iter_rows(values_only=True)
        header_row = next(cells, None)
        header = [str(h).strip() if h is not None else "" for h in header_row or ()]
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            raise FileRejected(
                f"{path.name} lacks the column(s) {', '.join(missing)} in row 1 of its first "
                "sheet; nothing was loaded"
            )
        rows: list[tuple[int, Raw]] = []
        for number, values in enumerate(cells, start=2):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            raw = {h: _cell(v) for h, v in zip(header, values, strict=False) if h and v is not None}
            rows.append((number, raw))
    except (zipfile.BadZipFile, KeyError, EOFError, ValueError) as exc:
        if isinstance(exc, FileRejected):
            raise
        raise FileRejected(
            f"{path.name} could not be read to the end ({exc.__class__.__name__}): it may be "
            "cut short. Send it again; nothing was loaded"
        ) from None
    finally:
        book.close()
    return rows


def read_partner_file(path: Path) -> list[tuple[int, Raw]]:
    """Every data row of a partner file, by its suffix; FileRejected if the whole file is bad."""
    rows, _ = _partner_rows(path)
    return list(rows)


def _partner_rows(path: Path) -> tuple[Iterable[tuple[int, Raw]], int]:
    """A partner file's rows and about how many there are. A CSV file's rows are read as
    they are asked for (an import checks and writes the first while later ones are read);
    MAX_ROWS and a file cut short then stop the reading with FileRejected."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        allowed = ", ".join(sorted(SUFFIXES))
        raise FileRejected(f"{path.name}: send {allowed} files")
    if kind == "xlsx":
        rows = read_xlsx(path)
    else:
        text = _decode(path.read_bytes(), path.name)
        if kind == "csv":
            # Every row takes at least one line.
            lines = max(text.count("\n"), text.count("\r"))
            return _at_most(iter_csv_text(text, path.name), path.name), lines
        rows = read_jsonl_text(text, path.name)
    if len(rows) > MAX_ROWS:
        raise FileRejected(f"{path.name} has {len(rows):,} rows; split it below {MAX_ROWS:,}")
    return rows, len(rows)


def _at_most(rows: Iterable[tuple[int, Raw]], name: str) -> Iterator[tuple[int, Raw]]:
    for count, row in enumerate(rows, start=1):
        if count > MAX_ROWS:
            raise FileRejected(f"{name} has more than {MAX_ROWS:,} rows; split it")
        yield row


# -- checking and writing ------------------------------------------------------------------


def check_partner_row(raw: Raw) -> tuple[IncomingReport, list[str]]:
    """A partner row as a report: their reference made ours, provenance kept, limits applied."""
    organisation = fields.required_text(raw, _ORG)
    theirs = fields.required_text(raw, "reference", max_length=MAX_REFERENCE)
    fields.text(raw, "text", max_length=MAX_TEXT)
    fields.text(raw, "location_text", max_length=MAX_LOCATION)
    channel = fields.required_text(raw, "channel")
    row = {
        **raw,
        "reference": partner_reference(organisation, theirs, channel),
        "grading_scheme": raw.get("grading_scheme") or "3x5x2",
    }
    where = f"{theirs} ({raw.get(_FILE)} row {raw.get(_ROW)})"
    return check_report(row, source_ref=where[:128])


def _their_reference(raw: Raw) -> str | None:
    value = raw.get("reference")
    return str(value)[:128] if value not in (None, "") else None


def _constants(raw: Raw) -> FileConstants | None:
    """What the importer added to every row, if the row checker would take it (else no row
    is plain, and the row checker says what is wrong)."""
    try:
        return FileConstants(
            organisation=fields.required_text(raw, _ORG),
            originating_org=fields.required_text(raw, "originating_org", max_length=128),
            channel=fields.required_text(raw, "channel"),
            file_name=str(raw.get(_FILE)),
        )
    except RowError:
        return None


def _write_plain_rows(
    conn: Connection,
    rows: Iterable[tuple[int, Raw]],
    context: WriteContext,
    done: Callable[[int], None],
) -> tuple[Written, list[tuple[int, Raw]], int]:
    """Write the file's plain rows in bulk (bulk_plain), leaving the rest to the row checker."""
    reading = iter(rows)
    first = next(reading, None)
    if first is None:
        return Written(), [], 0
    constants = _constants(first[1])
    if constants is None:
        rest = [first, *reading]
        return Written(), rest, len(rest)
    return write_plain(conn, chain([first], reading), constants, context, done)


LOADER: Loader[IncomingReport] = Loader(
    kind=KIND,
    check=check_partner_row,
    write=write_reports,
    record_ref=_their_reference,
    kept_when_refused=("reference", "reported_at", "classification", _ORG, _FILE, _ROW),
    bulk=_write_plain_rows,
)


def import_partner_file(
    access: Access,
    path: Path | str,
    organisation: str,
    *,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a partner's report file (CSV, JSON Lines or XLSX) sent by ``organisation`` (its
    id). A partner's own user or token may send only its own organisation's files."""
    file = Path(path)
    if access.actor.is_partner and access.actor.organisation_id != organisation:
        raise AccessDenied("a partner may send reports only as its own organisation")
    with access.store.connect() as conn:
        org = get_organisation(conn, organisation)
    if org is None:
        raise LookupError(f"no organisation {organisation!r}: add it with its kind first")
    if org.kind is OrganisationKind.FORCE:
        raise ValueError("the force's own reports are imported as reports.jsonl, not here")
    channel = channel_for(org.kind)
    rows, total = _partner_rows(file)
    sent = {_ORG: org.id, _FILE: file.name, "originating_org": org.name, "channel": channel}
    permission = Permission.RECORD_REPORTS if access.actor.is_partner else Permission.IMPORT_DATA
    return run_import(
        access,
        file,
        LOADER,
        _with_provenance(rows, sent),
        dataset=f"{org.id}/{file.name}",
        progress=progress,
        organisation=org.id,
        permission=permission,
        total=total,
    )


def _with_provenance(
    rows: Iterable[tuple[int, Raw]], sent: dict[str, str]
) -> Iterator[tuple[int, Raw]]:
    """Each row with who sent it, in which file and row: kept through quarantine too."""
    for number, raw in rows:
        raw.update(sent)
        raw[_ROW] = number
        yield number, raw
