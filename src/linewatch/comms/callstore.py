"""Every imported production as one DuckDB view, ``calls``.

Call records stay in Parquet, one file per production; DuckDB reads them in place (its parquet
reader is built in, so nothing is downloaded at run time). What analysis concludes goes back to
the system of record; this module only reads.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

import duckdb

from linewatch.comms.columns import CANONICAL_COLUMNS
from linewatch.comms.importer import calls_dir

_EMPTY_VIEW = (
    "CREATE VIEW calls AS SELECT "
    + ", ".join(f"CAST(NULL AS {kind}) AS {name}" for name, kind in CANONICAL_COLUMNS.items())
    + ", CAST(NULL AS VARCHAR) AS production_id WHERE false"
)


class CallStore:
    """A read-only DuckDB connection whose ``calls`` view spans every imported production."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or calls_dir()
        self.con = duckdb.connect()
        # Times are UTC instants; local (UK) hours are asked for explicitly where they matter.
        self.con.execute("SET TimeZone = 'UTC'")
        files = self.files()
        if files:
            listing = ", ".join("'" + str(p).replace("'", "''") + "'" for p in files)
            self.con.execute(
                "CREATE VIEW calls AS SELECT * FROM "
                f"read_parquet([{listing}], union_by_name = true)"
            )
        else:
            self.con.execute(_EMPTY_VIEW)

    def files(self) -> list[Path]:
        return sorted(p for p in self.folder.glob("*.parquet") if not p.name.startswith("."))

    def productions(self) -> list[str]:
        return [p.stem for p in self.files()]

    def count(self) -> int:
        row = self.con.execute("SELECT count(*) FROM calls").fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> CallStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
