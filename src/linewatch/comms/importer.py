"""Importing call data productions: one file, one batch, one transaction.

A production (an operator's return) is validated set-wise in DuckDB (see ``validation``).
Valid rows go to ``<data_dir>/calls/<production_id>.parquet`` in the canonical columns plus
``production_id``; every invalid row goes, with its reason, to
``<data_dir>/calls_rejected/<production_id>.parquet``, and the first few of each kind of
problem are put in the system of record's quarantine, where analysts see and count them.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from linewatch import settings
from linewatch.access import Access, Permission
from linewatch.comms import sources, validation
from linewatch.comms.columns import ColumnMapping, is_call_file
from linewatch.model import AuditOperation
from linewatch.store import (
    ImportResult,
    RowError,
    close_batch,
    file_sha256,
    open_batch,
    quarantine_row,
    tables,
)

Progress = Callable[[str], None]
FileProgress = Callable[[str, int, int], None]
KIND = "calls"
# Rows kept one by one in quarantine per kind of problem; the rest are counted and kept in the
# rejected Parquet file, so a file of a million bad rows cannot flood the quarantine table.
SAMPLE_PER_PROBLEM = 20
# Productions checked at once when a folder is imported: one per core of a small server.
WORKERS = 2


def calls_dir() -> Path:
    """Where imported productions live, one Parquet file each."""
    path = settings.data_dir() / "calls"
    path.mkdir(parents=True, exist_ok=True)
    return path


def rejected_dir() -> Path:
    path = settings.data_dir() / "calls_rejected"
    path.mkdir(parents=True, exist_ok=True)
    return path


def import_calls(
    access: Access,
    path_or_folder: Path | str,
    progress: Progress | None = None,
    *,
    mapping: ColumnMapping | None = None,
    on_file: FileProgress | None = None,
) -> list[ImportResult]:
    """Import one production file, or every production file in a folder, one batch each.

    With no mapping each file's layout is recognised by its header (``presets.detect``).
    ``on_file(message, files done, files)`` is called before and after each file.
    """
    access.require(Permission.IMPORT_DATA)
    say = progress or (lambda _message: None)
    tick = on_file or (lambda _message, _done, _total: None)
    root = Path(path_or_folder)
    files = sorted(p for p in root.iterdir() if is_call_file(p)) if root.is_dir() else [root]
    if len(files) < 2:
        return [_import_one(access, path, mapping, say, tick, 1, len(files)) for path in files]
    # One production rarely keeps two cores busy, so two are checked at once, each in its own
    # single-threaded DuckDB session (DuckDB runs outside the GIL). The system of record is
    # written from this thread alone, one production at a time, in file order.
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        hashes = [pool.submit(file_sha256, path) for path in files]
        pending: list[tuple[ImportResult, str, Future[_Checked | None] | None]] = []
        results = []
        try:
            for path, hashing in zip(files, hashes, strict=True):
                result = ImportResult(kind=KIND, file_name=path.name)
                sha = hashing.result()
                with access.store.connect() as conn:
                    seen = _seen_before(conn, result, path.stem, sha)
                checking = None if seen else pool.submit(_check, path, mapping, result, threads=1)
                pending.append((result, sha, checking))
            for number, (result, sha, checking) in enumerate(pending, start=1):
                message = f"Importing call data {result.file_name} ({number} of {len(files)})"
                say(message)
                tick(message, number - 1, len(files))
                checked = checking.result() if checking else None
                if checked is not None:
                    _commit(access, result, sha, checked)
                results.append(result)
                tick(message, number, len(files))
        finally:
            # Whatever was checked but not committed (after an error) leaves no scratch files.
            for _, _, checking in pending:
                if checking and not checking.cancel():
                    _discard(checking)
    return results


def _import_one(
    access: Access,
    path: Path,
    mapping: ColumnMapping | None,
    say: Progress,
    tick: FileProgress,
    number: int,
    total: int,
) -> ImportResult:
    message = f"Importing call data {path.name} ({number} of {total})"
    say(message)
    tick(message, number - 1, total)
    result = import_production(access, path, mapping)
    tick(message, number, total)
    return result


def import_production(
    access: Access, path: Path, mapping: ColumnMapping | None = None
) -> ImportResult:
    """Import one production file (Parquet, CSV or XLSX); its stem is the production id.

    With no mapping the layout is recognised from the file's header (``presets.detect``).
    """
    access.require(Permission.IMPORT_DATA)
    result = ImportResult(kind=KIND, file_name=path.name)
    sha = file_sha256(path)
    with access.store.connect() as conn:
        if _seen_before(conn, result, path.stem, sha):
            return result
    checked = _check(path, mapping, result)
    if checked is not None:
        _commit(access, result, sha, checked)
    return result


@dataclass
class _Checked:
    """A production validated and written to scratch files, waiting for its batch."""

    production_id: str
    counts: validation.Counts
    sample: list[dict[str, Any]]
    valid: tuple[Path, Path]
    rejected: tuple[Path, Path] | None

    def discard(self) -> None:
        self.valid[0].unlink(missing_ok=True)
        if self.rejected:
            self.rejected[0].unlink(missing_ok=True)


def _discard(checking: Future[_Checked | None]) -> None:
    """Remove the scratch files of a production checked but never committed."""
    try:
        checked = checking.result()
    except BaseException:  # its error is raised where it is committed, or was already
        return
    if checked is not None:
        checked.discard()


def _check(
    path: Path, mapping: ColumnMapping | None, result: ImportResult, *, threads: int | None = None
) -> _Checked | None:
    """Validate ``path`` and write its valid and rejected rows to scratch Parquet files.

    None (and the reason in ``result.problems``) if the file cannot be read as call data.
    """
    production_id = path.stem
    final = calls_dir() / f"{production_id}.parquet"
    rejected = rejected_dir() / f"{production_id}.parquet"
    # Scratch names are unique, so two files naming one production never share one.
    token = uuid.uuid4().hex
    staged_valid = final.with_name(f".{final.name}.{token}.tmp")
    staged_rejected = rejected.with_name(f".{rejected.name}.{token}.tmp")
    try:
        with (
            # A folder of its own for this session to spill to, apart from the other one's.
            tempfile.TemporaryDirectory(dir=_scratch(), prefix=".spill-") as spill,
            validation.connect(Path(spill), threads) as con,
            _readable(path) as readable,
        ):
            if isinstance(readable, str):
                result.problems.append(readable)
                return None
            try:
                validation.stage(con, readable, mapping, path.name)
            except validation.UnreadableFile as exc:
                result.problems.append(str(exc))
                return None
            counts = validation.write_and_count(con, production_id, staged_valid)
            invalid = sum(n for (field, _), n in counts.items() if field is not None)
            sample: list[dict[str, Any]] = []
            if invalid:
                validation.write_rejected(con, staged_rejected)
                sample = validation.sample_rejected(con, SAMPLE_PER_PROBLEM)
    except BaseException:
        staged_valid.unlink(missing_ok=True)
        staged_rejected.unlink(missing_ok=True)
        raise
    return _Checked(
        production_id,
        counts,
        sample,
        (staged_valid, final),
        (staged_rejected, rejected) if invalid else None,
    )


def _scratch() -> Path:
    path = settings.data_dir() / "calls_staging"
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextmanager
def _readable(path: Path) -> Iterator[Path | str]:
    """The production as Parquet or CSV (a scratch CSV for XLSX), or why it cannot be read."""
    stack = ExitStack()
    readable: Path | str
    try:
        readable = stack.enter_context(sources.as_readable(path, _scratch()))
    except ValueError as exc:
        readable = str(exc)
    with stack:
        yield readable


def _commit(access: Access, result: ImportResult, sha: str, checked: _Checked) -> None:
    """Record the batch, quarantine and audit, and put the files in place, all or nothing."""
    placed: list[Path] = []
    production_id, counts = checked.production_id, checked.counts
    try:
        with access.store.begin() as conn:
            # Checked again here: another file of this run may have taken the id meanwhile.
            if _seen_before(conn, result, production_id, sha):
                return
            result.rows_total = sum(counts.values())
            result.rows_loaded = counts.get((None, None), 0)
            if not open_batch(
                conn, result, dataset=production_id, sha256=sha, imported_by=access.actor.id
            ):
                return
            _quarantine(conn, result, production_id, checked.sample, counts, checked.rejected)
            close_batch(conn, result)
            access.log(
                conn,
                AuditOperation.COLLECTION,
                [f"batch:{result.batch_id}", f"production:{production_id}"],
            )
            # The files take their place last, inside the transaction: if the commit fails
            # they are removed again, so the Parquet folder and the batch records agree.
            for source, target in [
                checked.valid,
                *([checked.rejected] if checked.rejected else []),
            ]:
                os.replace(source, target)
                placed.append(target)
    except BaseException:
        for target in placed:
            target.unlink(missing_ok=True)
        raise
    finally:
        checked.discard()


def _seen_before(conn: Connection, result: ImportResult, production_id: str, sha: str) -> bool:
    """True if this file was imported, or its production id already names another file."""
    batches = tables.import_batches
    same = conn.execute(
        select(batches.c.id).where(batches.c.kind == KIND, batches.c.file_sha256 == sha)
    ).scalar()
    if same is not None:
        result.duplicate_of_batch = int(same)
        return True
    other = conn.execute(
        select(batches.c.id).where(batches.c.kind == KIND, batches.c.dataset == production_id)
    ).scalar()
    if other is not None:
        result.problems.append(
            f"production {production_id} was already imported from a different file "
            f"(batch {other}); give a corrected or further return its own production id"
        )
        return True
    return False


def _quarantine(
    conn: Connection,
    result: ImportResult,
    production_id: str,
    sample: list[dict[str, Any]],
    counts: validation.Counts,
    rejected_move: tuple[Path, Path] | None,
) -> None:
    for row in sample:
        quarantine_row(
            conn,
            result,
            row_number=int(row["_row"]),
            raw={name: row[f"raw_{name}"] for name in _RAW_COLUMNS},
            error=RowError(str(row["bad_field"]), str(row["detail"])),
            record_ref=production_id,
        )
    where = f"{rejected_move[1].parent.name}/{rejected_move[1].name}" if rejected_move else ""
    for (field, problem), n in sorted(counts.items(), key=lambda item: str(item[0])):
        if field is not None and n > SAMPLE_PER_PROBLEM:
            result.problems.append(
                f"{n:,} rows with {field} {problem}: the first {SAMPLE_PER_PROBLEM} are in "
                f"quarantine, all of them in {where}"
            )
    # quarantine_row counted only the sampled rows; the batch counts every rejected row.
    result.rows_quarantined = sum(n for (field, _), n in counts.items() if field is not None)


_RAW_COLUMNS = ("timestamp", "calling_number", "called_number", "event_type", "duration_s", "imei")
