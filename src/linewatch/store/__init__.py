"""The system of record: tables, transactions and migrations (SQLite or PostgreSQL)."""

from linewatch.store import tables
from linewatch.store.db import Store, insert_ignore, make_id, utcnow

__all__ = ["Store", "insert_ignore", "make_id", "tables", "utcnow"]
