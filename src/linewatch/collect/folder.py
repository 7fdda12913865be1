"""Importing a scenario folder (or a partner's delivery in the same shape) in one call."""

from __future__ import annotations

from pathlib import Path

from linewatch.access import Access
from linewatch.collect.anpr import import_anpr
from linewatch.collect.importer import Progress
from linewatch.collect.records import import_person_records
from linewatch.collect.reports import import_reports
from linewatch.store import ImportResult

# Call records (calls/*.parquet) and enforcement.json belong to the comms and enforce stages;
# ground_truth.json is never imported.
FILES = (
    ("reports.jsonl", import_reports),
    ("person_records.csv", import_person_records),
    ("anpr_reads.csv", import_anpr),
)


def import_folder(
    access: Access, folder: Path | str, *, progress: Progress | None = None
) -> list[ImportResult]:
    """Import the reports, person records and ANPR reads found in ``folder``, each file in
    its own transaction. Files that are absent are skipped; the dataset name is the folder's."""
    root = Path(folder)
    if not root.is_dir():
        raise NotADirectoryError(f"{root} is not a folder")
    results: list[ImportResult] = []
    for name, importer in FILES:
        path = root / name
        if path.is_file():
            results.append(importer(access, path, dataset=f"{root.name}/{name}", progress=progress))
    return results
