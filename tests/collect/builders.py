"""Builders for import files in the shapes docs/formats.md describes."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

PERSON_COLUMNS = [
    "record_id",
    "organisation",
    "record_type",
    "recorded_at",
    "name",
    "alias",
    "street_name",
    "date_of_birth",
    "estimated_age",
    "phone",
    "address",
    "postcode",
    "vrm",
    "vulnerability",
    "subject_category",
    "concern",
    "classification",
    "handling_code",
    "is_synthetic",
]
ANPR_COLUMNS = [
    "read_id",
    "vrm",
    "camera_id",
    "site",
    "direction",
    "latitude",
    "longitude",
    "read_at",
    "confidence",
    "source_system",
    "is_synthetic",
]


def report(reference: str = "IR-2026-000001", **overrides: Any) -> dict[str, Any]:
    """A valid, graded 3x5x2 report; override any field."""
    record: dict[str, Any] = {
        "reference": reference,
        "channel": "PUBLIC_WEB",
        "originating_org": "Leicestershire Police",
        "submitted_by": None,
        "occurred_at": "2026-03-01T21:15:00+00:00",
        "reported_at": "2026-03-02T09:00:00+00:00",
        "text": "A silver Golf AB12 CDE drops a lad at 4 Mill Lane most nights. "
        "He answers 07700 900456. My number is 07700 900123.",
        "location_text": "Mill Lane, Oakham",
        "latitude": 52.669,
        "longitude": -0.727,
        "classification": "OFFICIAL",
        "grading_scheme": "3x5x2",
        "source_evaluation": "2",
        "intelligence_assessment": "D",
        "handling_code": "P",
        "handling_conditions": None,
        "mentions": [
            {"schema": "Phone", "properties": {"number": "07700 900456"}},
            {"schema": "Vehicle", "properties": {"vrm": "AB12 CDE", "colour": "silver"}},
        ],
        "is_synthetic": True,
    }
    record.update(overrides)
    return record


def person_row(record_id: str = "N-0001", **overrides: str) -> dict[str, str]:
    row = {
        "record_id": record_id,
        "organisation": "Leicestershire Police",
        "record_type": "police_nominal",
        "recorded_at": "2026-02-01T10:00:00+00:00",
        "name": "Jordan Blake",
        "alias": "JB;Jordy",
        "street_name": "Skiddz",
        "date_of_birth": "2008-05-14",
        "estimated_age": "",
        "phone": "07700 900456",
        "address": "4 Mill Lane, Oakham",
        "postcode": "LE15 6AB",
        "vrm": "AB12 CDE",
        "vulnerability": "CHILD_AT_RISK_CCE;MISSING_EPISODES",
        "subject_category": "SUSPECT;VICTIM",
        "concern": "Seen with older males from Leicester; missing twice this month.",
        "classification": "OFFICIAL-SENSITIVE",
        "handling_code": "P",
        "is_synthetic": "true",
    }
    row.update(overrides)
    return row


def anpr_row(read_id: str = "R-000001", **overrides: str) -> dict[str, str]:
    row = {
        "read_id": read_id,
        "vrm": "ab12cde",
        "camera_id": "CAM-A606-01",
        "site": "A606 Oakham bypass",
        "direction": "N",
        "latitude": "52.6712",
        "longitude": "-0.7201",
        "read_at": "2026-03-01T21:02:11+00:00",
        "confidence": "0.97",
        "source_system": "NASPLE",
        "is_synthetic": "true",
    }
    row.update(overrides)
    return row


def write_jsonl(path: Path, records: Iterable[Mapping[str, Any] | str]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_csv(path: Path, columns: list[str], rows: Iterable[Mapping[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
    return path
