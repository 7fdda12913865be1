"""``generate``: write a whole scenario folder from a seed, a scale and a day."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from linewatch.scenario import names
from linewatch.scenario.anpr import AnprPlanner, Read
from linewatch.scenario.answers import add_world
from linewatch.scenario.calls import write_calls
from linewatch.scenario.config import LINE_NUMBERS_PER_LINE, Scale, np_rng, py_rng, scale_config
from linewatch.scenario.enforcement import SECTIONS, attach_grounds, render
from linewatch.scenario.entities import VrmMaker
from linewatch.scenario.hotlist import HotlistPlanner
from linewatch.scenario.manifest import Manifest
from linewatch.scenario.numbers import DeviceMaker, NumberBook
from linewatch.scenario.records import RecordIds, RecordWriter
from linewatch.scenario.reports import Report, ReportPlanner
from linewatch.scenario.story import StoryPlanner
from linewatch.scenario.truth import GroundTruth, MalformedRow, to_json
from linewatch.scenario.world import Makers, WorldBuilder
from linewatch.scenario.writer import FolderWriter, dump

Progress = Callable[[str, int, int], None]


def generate(
    out_dir: Path,
    scale: str = "demo",
    seed: int = 2026,
    as_of: date | None = None,
    progress: Progress | None = None,
    *,
    call_records: int | None = None,
    worlds: int | None = None,
    chunk_rows: int | None = None,
) -> Manifest:
    """Write the synthetic Rutland scenario of ``scale`` into ``out_dir``.

    The same seed, scale and ``as_of`` (default: today's UTC date) give byte-identical files.
    ``call_records``, ``worlds`` and ``chunk_rows`` override the scale's call target, number
    of sub-worlds and Parquet row-group size (for tests and benchmarks).
    """
    config = scale_config(scale, call_records=call_records, worlds=worlds)
    if chunk_rows is not None:
        config = replace(config, chunk_rows=chunk_rows)
    day = as_of or datetime.now(UTC).date()
    return _Run(Path(out_dir), config, seed, day, progress).run()


class _Run:
    def __init__(
        self, folder: Path, config: Scale, seed: int, as_of: date, progress: Progress | None
    ) -> None:
        self.folder = folder
        self.config = config
        self.seed = seed
        self.as_of = as_of
        self.progress = progress
        brands = list(names.LINE_BRANDS)
        py_rng(seed, "brands").shuffle(brands)
        need = config.worlds * config.lines_per_world
        rounds = 1 + need // len(brands)
        brands = [b if r == 0 else f"{b} {r + 1}" for r in range(rounds) for b in brands]
        self.makers = Makers(
            NumberBook(py_rng(seed, "numbers"), need * LINE_NUMBERS_PER_LINE),
            DeviceMaker(py_rng(seed, "devices")),
            VrmMaker(py_rng(seed, "vrms")),
            list(reversed(brands[:need])),
        )
        self.record_ids = RecordIds(py_rng(seed, "record-ids"))
        self.truth = GroundTruth(seed, config.name, as_of, config.worlds)
        self.enforcement: dict[str, list[dict[str, Any]]] = {name: [] for name in SECTIONS}
        self.productions: dict[str, int] = {}
        self.next_reference = 1

    def tell(self, stage: str, done: int, total: int) -> None:
        if self.progress:
            self.progress(stage, done, total)

    def run(self) -> Manifest:
        config = self.config
        with FolderWriter(self.folder) as files:
            for index in range(1, config.worlds + 1):
                self.world(index, files)
            counts = dict(files.counts)
        dump(self.folder / "enforcement.json", self.enforcement)
        dump(self.folder / "ground_truth.json", to_json(self.truth))
        counts["enforcement.json"] = sum(len(v) for v in self.enforcement.values())
        counts["ground_truth.json"] = len(self.truth.lines)
        for pid, rows in sorted(self.productions.items()):
            counts[f"calls/{pid}.parquet"] = rows
        manifest = Manifest(
            seed=self.seed,
            scale=config.name,
            as_of=self.as_of,
            generated_at=datetime.combine(self.as_of, time(0), UTC),
            counts=counts,
            worlds=config.worlds,
            productions=sorted(self.productions),
        )
        dump(self.folder / "manifest.json", manifest.to_json())
        self.tell("done", 1, 1)
        return manifest

    def world(self, index: int, files: FolderWriter) -> None:
        seed, config = self.seed, self.config
        total = config.worlds
        self.tell(f"world {index} of {total}: people and lines", index - 1, total)
        builder = WorldBuilder(py_rng(seed, "world", index), config, self.as_of, index, self.makers)
        world = builder.build()
        story = StoryPlanner(
            py_rng(seed, "story", index), world, builder, config.seizures_this_year
        ).plan()
        records = RecordWriter(
            py_rng(seed, "records", index), world, story, self.record_ids
        ).build()
        reports = ReportPlanner(
            py_rng(seed, "reports", index),
            world,
            story,
            config.reports_per_line,
            config.noise_reports,
        ).plan()
        self.references(reports)
        attach_grounds(py_rng(seed, "grounds", index), story, reports)
        HotlistPlanner(py_rng(seed, "hotlist", index), world, story, reports).plan()
        self.tell(f"world {index} of {total}: ANPR", index - 1, total)
        background = [
            self.makers.vrms.make(region, self.as_of.year - 1)
            for region in ("Rutland", "Leicester", "Peterborough", "Nottingham", "")
            for _ in range(config.background_vehicles // 5)
        ]
        reads = AnprPlanner(py_rng(seed, "anpr", index), world, story, background).plan()
        bad_reads = self.bad_reads(reads) if index == 1 else []
        files.reports(reports)
        files.people(records.rows)
        files.anpr(reads, bad_reads)
        self.calls(world, index)
        for name, rows in render(
            py_rng(seed, "enforcement", index), world, story, records.nominal
        ).items():
            self.enforcement[name] += rows
        add_world(self.truth, py_rng(seed, "truth", index), world, story, records, reports, reads)

    def references(self, reports: list[Report]) -> None:
        reports.sort(key=lambda r: (r.reported_at, r.kind, r.text))
        for report in reports:
            report.reference = f"IR-{report.reported_at.year}-{self.next_reference:06d}"
            self.next_reference += 1

    def calls(self, world: Any, index: int) -> None:
        config = self.config
        target = None if config.call_records is None else config.call_records // config.worlds
        label = f"world {index} of {config.worlds}: call records"

        def tick(made: int) -> None:
            self.tell(label, made, target or made)

        productions = write_calls(
            world,
            self.folder / "calls",
            3 * (index - 1) + 1,
            np_rng(self.seed, "calls", index),
            config,
            target,
            tick=tick if self.progress else None,
        )
        for p in productions:
            self.productions[p.production_id] = p.rows

    def bad_reads(self, reads: list[Read]) -> list[list[str]]:
        """Two rows an importer must quarantine."""
        if not reads:
            return []
        r = reads[0]
        c = r.camera
        rows = [
            [
                "RD-BAD-0000001",
                r.as_read,
                c.camera_id,
                c.site,
                c.direction,
                f"{c.latitude:.6f}",
                f"{c.longitude:.6f}",
                "31/02/2026 25:61",
                "0.91",
                "NAS",
                "true",
            ],
            [
                "RD-BAD-0000002",
                r.as_read,
                c.camera_id,
                c.site,
                c.direction,
                "152.600000",
                f"{c.longitude:.6f}",
                r.read_at.isoformat(),
                "1.70",
                "NAS",
                "true",
            ],
        ]
        self.truth.malformed += [
            MalformedRow("anpr_reads.csv", "RD-BAD-0000001", "read_at", "not a timestamp"),
            MalformedRow(
                "anpr_reads.csv",
                "RD-BAD-0000002",
                "latitude",
                "latitude out of range (and confidence above 1)",
            ),
        ]
        return rows
