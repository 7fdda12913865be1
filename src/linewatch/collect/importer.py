"""The shape every file import takes: one transaction, one batch, quarantine, one audit record.

An importer is a ``Loader``: how to read one raw row into a checked record (raising RowError
naming the field) and how to write a list of checked records. ``run_import`` does the rest the
same way for every kind of file: it refuses a file seen before, quarantines invalid rows with
their reasons, writes the valid ones in chunks, and logs the collection, all in one
transaction, so a failure part-way loads nothing.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Sized
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection

from linewatch.access import Access, Permission
from linewatch.collect.fields import Refused
from linewatch.model import AuditOperation
from linewatch.store import (
    ImportResult,
    RowError,
    close_batch,
    file_sha256,
    open_batch,
    quarantine_row,
)

Progress = Callable[[int, int], None]
"""Called with (rows done, rows in the file) as an import goes along."""

Raw = dict[str, Any]
T = TypeVar("T")
# Rows per write: enough that the round trips and statements are small beside the rows.
_CHUNK = 1000


class FileRejected(ValueError):
    """A file that cannot be imported at all (wrong columns, not UTF-8): nothing is loaded."""


@dataclass(frozen=True)
class Checked(Generic[T]):
    """A row that passed validation, with its place in the file."""

    row_number: int
    record_ref: str | None
    record: T
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class WriteContext:
    batch_id: int
    dataset: str
    actor_id: str


@dataclass
class Written:
    """What writing some checked rows did."""

    loaded: int = 0
    already_held: int = 0
    record_ids: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, other: Written) -> None:
        self.loaded += other.loaded
        self.already_held += other.already_held
        self.record_ids.extend(other.record_ids)
        self.notes.extend(other.notes)


BulkWriter = Callable[
    [Connection, Iterable[tuple[int, Raw]], WriteContext, Callable[[int], None]],
    tuple[Written, list[tuple[int, Raw]], int],
]
"""Writes the rows it can in bulk, reading them as it goes; gives back what it wrote, the
rows it left and how many it read."""


@dataclass(frozen=True)
class Loader(Generic[T]):
    """How one kind of file is read and written."""

    kind: str
    check: Callable[[Raw], tuple[T, list[str]]]
    write: Callable[[Connection, Sequence[Checked[T]], WriteContext], Written]
    record_ref: Callable[[Raw], str | None]
    # Fields kept in quarantine when a row is refused outright (SECRET): enough to trace it.
    kept_when_refused: tuple[str, ...] = ()
    # Whether the audit record lists each record, or only the batch (for bulk event data
    # such as ANPR reads, which the batch id finds again).
    audit_each_record: bool = True
    csv_columns: tuple[str, ...] = ()
    # Writes the rows it can in bulk before the others are checked one by one (see
    # bulk_plain). Told of progress as it goes.
    bulk: BulkWriter | None = None


def read_jsonl(path: Path) -> list[tuple[int, Raw]]:
    """(line number, object) for each non-blank line; a line that is not a JSON object is
    kept as ``{"_line": text}`` so that it is quarantined rather than lost."""
    rows: list[tuple[int, Raw]] = []
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise FileRejected(f"{path.name} is not UTF-8 text: {exc}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            rows.append((number, {"_line": line, "_error": f"not valid JSON: {exc.msg}"}))
            continue
        if not isinstance(value, dict):
            rows.append((number, {"_line": line, "_error": "not a JSON object"}))
            continue
        rows.append((number, value))
    return rows


def read_csv(path: Path, columns: Sequence[str]) -> list[tuple[int, Raw]]:
    """(spreadsheet row number, row) for each data row; the header is row 1. A row with too
    many or too few values is marked with ``_error`` so that it is quarantined."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle, restkey="_extra")
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise FileRejected(f"{path.name} lacks the column(s) {', '.join(missing)}")
            rows: list[tuple[int, Raw]] = []
            for number, row in enumerate(reader, start=2):
                raw: Raw = dict(row)
                if raw.get("_extra"):
                    raw["_error"] = "has more values than the header has columns"
                elif any(value is None for value in raw.values()):
                    raw = {k: v for k, v in raw.items() if v is not None}
                    raw["_error"] = "has fewer values than the header has columns"
                rows.append((number, raw))
            return rows
    except UnicodeDecodeError as exc:
        raise FileRejected(f"{path.name} is not UTF-8 text: {exc}") from None


def _structural_problem(raw: Raw) -> RowError | None:
    if "_error" not in raw:
        return None
    return RowError("line" if "_line" in raw else "row", str(raw["_error"]))


def check_row(loader: Loader[T], raw: Raw, row_number: int) -> Checked[T]:
    """Validate one raw row; RowError (naming the field) if it cannot be loaded."""
    problem = _structural_problem(raw)
    if problem is not None:
        raise problem
    record, notes = loader.check(raw)
    ref = loader.record_ref(raw)
    where = f"row {row_number}" + (f" ({ref})" if ref else "")
    return Checked(row_number, ref, record, tuple(f"{where}: {n}" for n in notes))


def quarantine_raw(loader: Loader[Any], raw: Mapping[str, Any], error: RowError) -> Raw:
    """What quarantine keeps of a row: all of it, unless the row was refused outright."""
    if isinstance(error, Refused):
        kept = {k: raw.get(k) for k in loader.kept_when_refused if k in raw}
        return {**kept, "_withheld": error.reason}
    return dict(raw)


def _safe_ref(loader: Loader[Any], raw: Raw) -> str | None:
    try:
        return loader.record_ref(raw)
    except (TypeError, ValueError, AttributeError):
        return None


def run_import(
    access: Access,
    path: Path,
    loader: Loader[T],
    rows: Iterable[tuple[int, Raw]],
    *,
    dataset: str,
    progress: Progress | None = None,
    organisation: str | None = None,
    permission: Permission = Permission.IMPORT_DATA,
    total: int | None = None,
) -> ImportResult:
    """Import checked rows of one file in a single transaction (see the module docstring).

    ``organisation`` is the body that sent the file, kept on its batch; ``permission`` is what
    the actor needs (a partner sending its own reports records them, it does not import).
    ``rows`` may be read as the import goes (a reading error part-way then loads nothing);
    ``total``, what progress counts towards, is then an estimate of their number.
    """
    if total is None:
        assert isinstance(rows, Sized), "rows read as the import goes need a total"
        total = len(rows)
    access.require(permission)
    result = ImportResult(kind=loader.kind, file_name=path.name)
    sha = file_sha256(path)
    if organisation is not None:
        # The same bytes from two organisations are two submissions, not a re-import.
        sha = hashlib.sha256(f"{organisation}\x1f{sha}".encode()).hexdigest()
    with access.store.begin() as conn:
        if not open_batch(
            conn,
            result,
            dataset=dataset,
            sha256=sha,
            organisation=organisation,
            imported_by=access.actor.id,
        ):
            return result
        assert result.batch_id is not None
        context = WriteContext(result.batch_id, dataset, access.actor.id)
        with _collector_paused():
            written, rest, done = Written(), rows, 0
            if loader.bulk is not None:
                written, rest, read = loader.bulk(conn, rows, context, _told(progress, total))
                done = read - len(rest)
                result.rows_total += done
            written.add(
                _check_and_write(conn, loader, rest, result, context, progress, done, total)
            )
        _finish(result, written)
        close_batch(conn, result)
        record_ids = [f"batch:{result.batch_id}"]
        if loader.audit_each_record:
            record_ids.extend(written.record_ids)
        access.log(
            conn,
            AuditOperation.COLLECTION,
            record_ids,
            operation_ref=f"import {loader.kind} {path.name}",
        )
    return result


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a file's rows are checked and written.

    An import makes a few objects per field of every row, almost none of them in reference
    cycles, and keeps the file's rows alive throughout: the collections those allocations set
    off walk all of it again and again, a twentieth of a 20,000-row import's time and more the
    larger the file. Whatever cycles the import leaves are collected as usual once it is over.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _told(progress: Progress | None, total: int) -> Callable[[int], None]:
    return (lambda done: progress(done, total)) if progress is not None else (lambda _: None)


def _check_and_write(
    conn: Connection,
    loader: Loader[T],
    rows: Iterable[tuple[int, Raw]],
    result: ImportResult,
    context: WriteContext,
    progress: Progress | None,
    done_before: int,
    total: int,
) -> Written:
    """Check the rows, quarantining the invalid ones, and write the valid ones in chunks
    (``done_before`` rows of the file were written already, in bulk)."""
    written = Written()
    pending: list[Checked[T]] = []
    for done, (row_number, raw) in enumerate(rows, start=done_before + 1):
        result.rows_total += 1
        try:
            pending.append(check_row(loader, raw, row_number))
        except RowError as error:
            quarantine_row(
                conn,
                result,
                row_number=row_number,
                raw=quarantine_raw(loader, raw, error),
                error=error,
                record_ref=_safe_ref(loader, raw),
            )
        if len(pending) >= _CHUNK:
            written.add(_write(conn, loader, pending, context))
            pending = []
        if progress is not None:
            progress(done, total)
    if pending:
        written.add(_write(conn, loader, pending, context))
    return written


def _write(
    conn: Connection, loader: Loader[T], pending: list[Checked[T]], context: WriteContext
) -> Written:
    written = loader.write(conn, pending, context)
    for checked in pending:
        written.notes.extend(checked.notes)
    return written


def _finish(result: ImportResult, written: Written) -> None:
    result.rows_loaded += written.loaded
    result.problems.extend(written.notes)
    if written.already_held:
        result.problems.append(
            f"{written.already_held} row(s) already held from an earlier import: skipped"
        )
