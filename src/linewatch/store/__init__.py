"""The system of record: tables, transactions and migrations (SQLite or PostgreSQL)."""

from linewatch.store import tables
from linewatch.store.batches import (
    ImportResult,
    RowError,
    close_batch,
    file_sha256,
    open_batch,
    quarantine_row,
)
from linewatch.store.db import Store, insert_ignore, lock_work, make_id, utcnow
from linewatch.store.facts import Provenance, add_entity, add_link, clean_properties

__all__ = [
    "ImportResult",
    "Provenance",
    "RowError",
    "Store",
    "add_entity",
    "add_link",
    "clean_properties",
    "close_batch",
    "file_sha256",
    "insert_ignore",
    "lock_work",
    "make_id",
    "open_batch",
    "quarantine_row",
    "tables",
    "utcnow",
]
