"""Writing a scenario folder: the text files stream row by row, sub-world after sub-world."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from types import TracebackType
from typing import Any

from linewatch.model.formats import ANPR_READ_COLUMNS
from linewatch.scenario.anpr import Read
from linewatch.scenario.records import COLUMNS
from linewatch.scenario.reports import Report, report_row

ANPR_COLUMNS = ANPR_READ_COLUMNS
FILES = (
    "manifest.json",
    "reports.jsonl",
    "person_records.csv",
    "anpr_reads.csv",
    "enforcement.json",
    "ground_truth.json",
)


def dump(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", "utf-8")


class FolderWriter:
    """Open streams for the row files of a scenario folder, with their row counts."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        # A folder written before must not keep productions this run does not write.
        shutil.rmtree(folder / "calls", ignore_errors=True)
        for name in FILES:
            (folder / name).unlink(missing_ok=True)
        self.folder = folder
        self.counts: dict[str, int] = {
            "reports.jsonl": 0,
            "person_records.csv": 0,
            "anpr_reads.csv": 0,
        }
        self._reports = (folder / "reports.jsonl").open("w", encoding="utf-8", newline="\n")
        self._people_file = (folder / "person_records.csv").open("w", encoding="utf-8", newline="")
        self._anpr_file = (folder / "anpr_reads.csv").open("w", encoding="utf-8", newline="")
        self._people = csv.DictWriter(self._people_file, COLUMNS, lineterminator="\n")
        self._anpr = csv.writer(self._anpr_file, lineterminator="\n")
        self._people.writeheader()
        self._anpr.writerow(ANPR_COLUMNS)

    def __enter__(self) -> FolderWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def reports(self, reports: list[Report]) -> None:
        for report in reports:
            self._reports.write(json.dumps(report_row(report), ensure_ascii=False) + "\n")
        self.counts["reports.jsonl"] += len(reports)

    def people(self, rows: list[dict[str, str]]) -> None:
        self._people.writerows(rows)
        self.counts["person_records.csv"] += len(rows)

    def anpr(self, reads: list[Read], bad_rows: list[list[str]]) -> None:
        for r in reads:
            c = r.camera
            self._anpr.writerow(
                [
                    r.read_id,
                    r.as_read,
                    c.camera_id,
                    c.site,
                    c.direction,
                    f"{c.latitude:.6f}",
                    f"{c.longitude:.6f}",
                    r.read_at.isoformat(),
                    f"{r.confidence:.2f}",
                    "NAS",
                    "true",
                ]
            )
        self._anpr.writerows(bad_rows)
        self.counts["anpr_reads.csv"] += len(reads) + len(bad_rows)

    def close(self) -> None:
        for f in (self._reports, self._people_file, self._anpr_file):
            if not f.closed:
                f.close()
