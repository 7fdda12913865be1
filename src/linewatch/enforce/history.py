"""Importing an enforcement file: warrants, arrests, bail, seizures, referrals, visits and the
ANPR hotlist's vehicles of interest.

One file is one batch and one transaction. The safeguarding sections (referrals, welfare
visits) travel in the same file, so this importer loads them too, through the safeguard
package's record loaders: a file is then never half imported, and re-importing it adds nothing.
Sections load in dependency order (an arrest may name a warrant, bail an arrest).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from linewatch.access import Access, Permission
from linewatch.enforce.bail import load_bail
from linewatch.enforce.hotlist_records import load_vehicle_of_interest
from linewatch.enforce.records import load_arrest, load_seizure, load_warrant
from linewatch.model import AuditOperation
from linewatch.safeguard.canonical import Canonical
from linewatch.safeguard.records import load_referral, load_visit
from linewatch.safeguard.rows import Change
from linewatch.store import (
    ImportResult,
    RowError,
    close_batch,
    file_sha256,
    open_batch,
    quarantine_row,
)

KIND = "enforcement"
Loader = Callable[[Connection, Mapping[str, Any], bool], tuple[str, Change]]

# (section, the id field a quarantined record is named by, the table it loads into)
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("warrants", "warrant_id", "warrants"),
    ("arrests", "arrest_id", "arrests"),
    ("bail", "bail_id", "bail_records"),
    ("seizures", "seizure_id", "seizures"),
    ("referrals", "referral_id", "referrals"),
    ("visits", "visit_id", "visits"),
    ("vehicles_of_interest", "voi_id", "vehicles_of_interest"),
)


def _loaders(canonical: Canonical) -> dict[str, Loader]:
    return {
        "warrants": lambda c, r, s: load_warrant(c, r, is_synthetic=s),
        "arrests": lambda c, r, s: load_arrest(c, r, is_synthetic=s),
        "bail": lambda c, r, s: load_bail(c, r, is_synthetic=s),
        "seizures": lambda c, r, s: load_seizure(c, r, is_synthetic=s),
        "referrals": lambda c, r, s: load_referral(c, r, canonical, is_synthetic=s),
        "visits": lambda c, r, s: load_visit(c, r, is_synthetic=s),
        "vehicles_of_interest": lambda c, r, s: load_vehicle_of_interest(c, r, is_synthetic=s),
    }


def _load(
    loader: Loader, conn: Connection, item: Mapping[str, Any], synthetic: bool, section: str
) -> tuple[str, Change]:
    try:
        return loader(conn, item, synthetic)
    except RowError:
        raise
    except ValueError as exc:
        # A value no check foresaw still costs only its own record, never the file.
        raise RowError(section, str(exc)) from None


def _read(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text("utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path.name} is not valid JSON: {exc}") from None
    if not isinstance(document, dict):
        raise ValueError(f"{path.name} is not an enforcement file (expected a JSON object)")
    return document


def import_history(access: Access, path: Path) -> ImportResult:
    """Import one enforcement.json (docs/formats.md) in one transaction.

    A record that fails a check (an unknown person reference, RUI with conditions, an
    over-long bail period, a seizure without a known power, an adult NRM referral without
    consent, a hotlist entry kept over a year) is quarantined naming the field; every valid
    record loads.
    """
    access.require(Permission.IMPORT_DATA)
    path = Path(path)
    document = _read(path)
    result = ImportResult(kind=KIND, file_name=path.name)
    file_synthetic = bool(document.get("is_synthetic", False))
    with access.store.begin() as conn:
        if not open_batch(
            conn,
            result,
            dataset=KIND,
            sha256=file_sha256(path),
            imported_by=access.actor.id,
        ):
            return result
        loaders = _loaders(Canonical.load(conn))
        collected: list[str] = []
        altered: list[str] = []
        row_number = 0
        for section, id_field, table in SECTIONS:
            items = document.get(section) or []
            if not isinstance(items, list):
                result.problems.append(f"{section}: expected a list, found {type(items).__name__}")
                continue
            for item in items:
                row_number += 1
                result.rows_total += 1
                raw = item if isinstance(item, dict) else {"value": item}
                record_ref = f"{section}:{raw.get(id_field) or '?'}"
                try:
                    if not isinstance(item, dict):
                        raise RowError(section, "a record must be a JSON object")
                    synthetic = bool(item.get("is_synthetic", file_synthetic))
                    record_id, change = _load(loaders[section], conn, item, synthetic, section)
                except RowError as error:
                    quarantine_row(
                        conn,
                        result,
                        row_number=row_number,
                        raw=raw,
                        error=error,
                        record_ref=record_ref,
                    )
                    continue
                result.rows_loaded += 1
                if change is Change.INSERTED:
                    collected.append(f"{table}:{record_id}")
                elif change is Change.UPDATED:
                    altered.append(f"{table}:{record_id}")
        close_batch(conn, result)
        access.log(conn, AuditOperation.COLLECTION, [f"batch:{result.batch_id}", *collected])
        if altered:
            access.log(conn, AuditOperation.ALTERATION, altered)
    return result
