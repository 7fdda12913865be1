"""Logging what an enforcement page or list showed (DPA 2018 s.62 consultation)."""

from __future__ import annotations

from sqlalchemy import Connection

from linewatch.access import Access, Permission


def consult(access: Access, conn: Connection, record_ids: list[str]) -> None:
    """Log a consultation of what was shown; an empty list shows nobody, so only check."""
    if record_ids:
        access.consult(conn, record_ids)
    else:
        access.require(Permission.VIEW_PERSONAL_DATA)
