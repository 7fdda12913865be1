"""data.police.uk street-level crime, imported as the force publishes it.

The monthly files (``YYYY-MM-<force>-street.csv``) have twelve columns. Coordinates are snapped
to anonymised points; anti-social behaviour has no Crime ID. A row identical in two files (the
force-wide month and an area extract of it) is the same record, so overlapping files add it once.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

from linewatch.access import Access, Permission
from linewatch.model import AuditOperation
from linewatch.store import (
    ImportResult,
    RowError,
    close_batch,
    file_sha256,
    insert_ignore,
    make_id,
    open_batch,
    quarantine_row,
    tables,
)

KIND = "police_uk_street"
COLUMNS = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
)
# The categories data.police.uk publishes street-level crime under.
CRIME_TYPES = frozenset(
    {
        "Anti-social behaviour",
        "Bicycle theft",
        "Burglary",
        "Criminal damage and arson",
        "Drugs",
        "Other crime",
        "Other theft",
        "Possession of weapons",
        "Public order",
        "Robbery",
        "Shoplifting",
        "Theft from the person",
        "Vehicle crime",
        "Violence and sexual offences",
    }
)
_MONTH = re.compile(r"^(19|20)\d\d-(0[1-9]|1[0-2])$")
_CRIME_ID = re.compile(r"^[0-9a-f]{64}$")
_LSOA = re.compile(r"^[EW]010\d{5}$")
BUNDLED = "rutland_street_crime_2019-12_to_2022-10.csv"


def bundled_crime_file() -> Path:
    """The Rutland extract Linewatch ships for the demo (see data/ATTRIBUTION.md)."""
    return Path(str(resources.files("linewatch.tasking").joinpath("data", BUNDLED)))


def _coordinate(raw: dict[str, str], name: str, low: float, high: float) -> float | None:
    text = (raw.get(name) or "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise RowError(name, f"not a number: {text!r}") from None
    if not low <= value <= high:
        raise RowError(name, f"{value} is outside Great Britain ({low} to {high})")
    return value


def parse_row(raw: dict[str, str]) -> dict[str, Any]:
    """One published row as a ``police_crimes`` record (without id or batch)."""
    month = (raw.get("Month") or "").strip()
    if not _MONTH.match(month):
        raise RowError("Month", f"not YYYY-MM: {month!r}")
    crime_type = (raw.get("Crime type") or "").strip()
    if crime_type not in CRIME_TYPES:
        raise RowError("Crime type", f"not a data.police.uk category: {crime_type!r}")
    crime_id = (raw.get("Crime ID") or "").strip().lower() or None
    if crime_id is not None and not _CRIME_ID.match(crime_id):
        raise RowError("Crime ID", "not the 64-character hexadecimal id police.uk publishes")
    longitude = _coordinate(raw, "Longitude", -8.7, 2.0)
    latitude = _coordinate(raw, "Latitude", 49.8, 60.9)
    if (longitude is None) != (latitude is None):
        raise RowError("Latitude" if latitude is None else "Longitude", "one coordinate missing")
    lsoa = (raw.get("LSOA code") or "").strip() or None
    if lsoa is not None and not _LSOA.match(lsoa):
        raise RowError("LSOA code", f"not a 2011 LSOA code: {lsoa!r}")
    return {
        "crime_id": crime_id,
        "month": month,
        "reported_by": (raw.get("Reported by") or "").strip() or None,
        "falls_within": (raw.get("Falls within") or "").strip() or None,
        "longitude": longitude,
        "latitude": latitude,
        "location": (raw.get("Location") or "").strip() or None,
        "lsoa_code": lsoa,
        "lsoa_name": (raw.get("LSOA name") or "").strip() or None,
        "crime_type": crime_type,
        "last_outcome": (raw.get("Last outcome category") or "").strip() or None,
        "context": (raw.get("Context") or "").strip() or None,
    }


def _record_id(record: dict[str, Any], seen: Counter[tuple[Any, ...]]) -> str:
    if record["crime_id"]:
        return make_id("pc", record["crime_id"])
    # Anti-social behaviour has no id: identical incidents in one month are told apart by their
    # order, which the published files keep, so the same file content always yields the same ids.
    content = tuple(record[k] for k in ("month", "longitude", "latitude", "crime_type", "location"))
    seen[content] += 1
    return make_id("pc", *content, seen[content])


def import_crime(access: Access, path: Path) -> ImportResult:
    """Import one street-level crime file; one transaction, quarantining rows that are wrong."""
    access.require(Permission.IMPORT_DATA)
    result = ImportResult(KIND, path.name)
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path.name} is not a police.uk street file: no {', '.join(missing)}")
        raws = list(reader)
    with access.store.begin() as conn:
        if not open_batch(
            conn,
            result,
            dataset="data.police.uk",
            sha256=file_sha256(path),
            imported_by=access.actor.id,
        ):
            return result
        seen: Counter[tuple[Any, ...]] = Counter()
        rows: list[dict[str, Any]] = []
        for number, raw in enumerate(raws, start=2):
            result.rows_total += 1
            try:
                record = parse_row(raw)
            except RowError as error:
                quarantine_row(conn, result, row_number=number, raw=raw, error=error)
                continue
            rows.append({**record, "id": _record_id(record, seen), "batch_id": result.batch_id})
        result.rows_loaded = insert_ignore(conn, tables.police_crimes, rows, ["id"])
        close_batch(conn, result)
        # Open data holds no personal data; the import is still logged like every other.
        access.log(conn, AuditOperation.COLLECTION, [f"import_batches:{result.batch_id}"])
    return result
