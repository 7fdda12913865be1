"""Which sources an actor may see.

Force users see every source. A partner agency's user sees only what came from its own
organisation's records (a source id of the form ``<organisation>:<record>``, by the
organisation's id or name), reports its organisation submitted, and anything disclosed to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, or_, select, true, union

from linewatch.access import Access
from linewatch.store import tables


@dataclass(frozen=True)
class Visibility:
    """A filter over source ids; ``organisation`` is None for an actor who sees everything."""

    organisation: str | None = None
    names: tuple[str, ...] = ()

    @property
    def restricted(self) -> bool:
        return self.organisation is not None

    def _shared_ids(self) -> Any:
        """Record ids disclosed to the organisation, and ids of reports it submitted."""
        d, r = tables.disclosures, tables.reports
        return union(
            select(d.c.record_id).where(d.c.organisation_id == self.organisation),
            select(r.c.id).where(r.c.originating_org.in_(self.names)),
            select(r.c.reference).where(r.c.originating_org.in_(self.names)),
        )

    def sources(self, column: ColumnElement[Any]) -> ColumnElement[bool]:
        """True where the source id in ``column`` is one the actor may see."""
        if self.organisation is None:
            return true()
        own = [column.startswith(f"{name}:", autoescape=True) for name in self.names]
        return or_(*own, column.in_(self._shared_ids()))

    def records(self, column: ColumnElement[Any]) -> ColumnElement[bool]:
        """True where the record id in ``column`` itself was disclosed to the actor."""
        if self.organisation is None:
            return true()
        d = tables.disclosures
        disclosed = select(d.c.record_id).where(d.c.organisation_id == self.organisation)
        return column.in_(disclosed)


def visibility(conn: Connection, access: Access) -> Visibility:
    if not access.actor.is_partner:
        return Visibility()
    organisation = access.actor.organisation_id
    o = tables.organisations
    name = conn.execute(select(o.c.name).where(o.c.id == organisation)).scalar()
    names = (organisation,) if not name or name == organisation else (organisation, str(name))
    return Visibility(organisation, names)
