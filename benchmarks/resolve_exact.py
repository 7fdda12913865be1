"""How long exact resolution takes on a store of about 100,000 statements.

    python -m benchmarks.resolve_exact [--people 8000] [--url postgresql+psycopg://...]

Builds records the way the importers do (one entity per agency record or report mention):
each person known to one to three agencies, each phone named in one to five reports, plus
vehicles and addresses; then times the first exact run and a second, idempotent one.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select, text

from linewatch.access import system_access
from linewatch.resolve import resolve_exact
from linewatch.store import Store, insert_ignore, make_id, tables

FIRST = ["Aiden", "Bella", "Callum", "Demi", "Ethan", "Freya", "Kyle", "Leah", "Mason", "Nia"]
LAST = ["Barnes", "Cole", "Hart", "Khan", "Lee", "Reed", "Shaw", "Stone", "Wells", "Young"]
STREETS = ["Mill Street", "High Street", "Vale Close", "Oak Row", "Station Road", "Church Lane"]
AGENCIES = ["leics-police", "rutland-housing", "rutland-csc", "rutland-schools"]


class Builder:
    def __init__(self) -> None:
        self.entities: list[dict[str, Any]] = []
        self.statements: list[dict[str, Any]] = []
        self.now = datetime.now(UTC)

    def add(self, schema: str, source: str, props: dict[str, str]) -> None:
        entity_id = make_id(schema, source, len(self.entities))
        self.entities.append(
            {"id": entity_id, "schema": schema, "created_at": self.now, "is_synthetic": True}
        )
        for prop, value in props.items():
            self.statements.append(
                {
                    "id": make_id("st", entity_id, prop, value),
                    "entity_id": entity_id,
                    "prop": prop,
                    "value": value,
                    "source_kind": "record",
                    "source_id": source,
                    "classification": "OFFICIAL",
                    "created_at": self.now,
                    "is_synthetic": True,
                }
            )


def build(people: int, seed: int) -> Builder:
    rng = random.Random(seed)
    b = Builder()
    for p in range(people):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {p}"
        dob = (date(1970, 1, 1) + timedelta(days=rng.randrange(15000))).isoformat()
        for agency in rng.sample(AGENCIES, rng.randint(1, 3)):
            props = {"name": name, "date_of_birth": dob}
            if agency == "leics-police":
                props["force_reference"] = f"LP-{p:06d}"
            b.add("Person", f"{agency}:{p}", props)
        number = f"+4477009{p % 100000:05d}"[:13]
        for report in range(rng.randint(1, 5)):
            b.add("Phone", f"IR-{p}-{report}", {"number": number})
        if p % 3 == 0:
            for read in range(rng.randint(1, 3)):
                b.add("Vehicle", f"anpr:{p}-{read}", {"vrm": f"AB{p % 90 + 10}X{p % 1000:03d}"})
        if p % 2 == 0:
            street = rng.choice(STREETS)
            postcode = f"LE15 {p % 9 + 1}{chr(65 + p % 26)}{chr(65 + p // 26 % 26)}"
            for agency in rng.sample(AGENCIES, rng.randint(1, 2)):
                b.add(
                    "Address",
                    f"{agency}:a{p}",
                    {"full": f"{p % 200} {street}", "postcode": postcode},
                )
    return b


@contextmanager
def scratch_store(url: str) -> Iterator[Store]:
    """A migrated store of its own (a temporary SQLite file or PostgreSQL schema), dropped after."""
    if not url:
        with tempfile.TemporaryDirectory() as folder:
            store = Store(f"sqlite:///{Path(folder) / 'bench.db'}")
            store.migrate()
            yield store
            store.dispose()
        return
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in url else "?"
    store = Store(f"{url}{sep}options=-csearch_path%3D{schema}")
    try:
        store.migrate()
        yield store
    finally:
        store.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=8000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--url", default="", help="a PostgreSQL URL; SQLite when omitted")
    args = parser.parse_args()
    with scratch_store(args.url) as store:
        built = build(args.people, args.seed)
        with store.begin() as conn:
            insert_ignore(conn, tables.entities, built.entities, ["id"])
            insert_ignore(conn, tables.statements, built.statements, ["id"])
            total = conn.execute(select(func.count()).select_from(tables.statements)).scalar()
        access = system_access(store, "benchmark")
        print(f"{store.dialect}: {total} statements, {len(built.entities)} entities")
        for run in ("first", "second"):
            started = time.perf_counter()
            result = resolve_exact(access)
            print(f"{run} run {time.perf_counter() - started:.2f} s: {result.summary()}")


if __name__ == "__main__":
    main()
