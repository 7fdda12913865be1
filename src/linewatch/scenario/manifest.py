"""``manifest.json``: what a scenario folder holds and how it was made."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Manifest:
    seed: int
    scale: str
    as_of: date
    # The scenario's own clock (midnight UTC at the start of ``as_of``), not the wall clock,
    # so that the same seed, scale and day write byte-identical folders.
    generated_at: datetime
    counts: dict[str, int]
    worlds: int = 1
    synthetic: bool = True
    productions: list[str] = field(default_factory=list)

    @property
    def call_records(self) -> int:
        return sum(n for name, n in self.counts.items() if name.startswith("calls/"))

    def to_json(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "scale": self.scale,
            "as_of": self.as_of.isoformat(),
            "generated_at": self.generated_at.isoformat(),
            "counts": self.counts,
            "worlds": self.worlds,
            "productions": self.productions,
            "synthetic": self.synthetic,
        }


def load_manifest(folder: Path | str) -> Manifest:
    data = json.loads((Path(folder) / "manifest.json").read_text("utf-8"))
    return Manifest(
        seed=data["seed"],
        scale=data["scale"],
        as_of=date.fromisoformat(data["as_of"]),
        generated_at=datetime.fromisoformat(data["generated_at"]),
        counts={k: int(v) for k, v in data["counts"].items()},
        worlds=int(data.get("worlds", 1)),
        synthetic=bool(data["synthetic"]),
        productions=list(data.get("productions", [])),
    )
