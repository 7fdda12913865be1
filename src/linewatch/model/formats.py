"""The columns of the CSV files Linewatch imports (docs/formats.md): one list for the
scenario generator that writes them and the importers that read them."""

from __future__ import annotations

PERSON_RECORD_COLUMNS: tuple[str, ...] = (
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
)

ANPR_READ_COLUMNS: tuple[str, ...] = (
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
)
