"""Warnings before a pre-charge bail period runs out, naming the authority the next extension
needs (domain rules 4.2: an expiry nobody saw coming ends the conditions).

A warning is raised once per bail and expiry date (``bail_expiry_warning_days`` ahead), so an
extension, which moves the date, brings a fresh warning when the new date draws near.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from linewatch import settings
from linewatch.access import Access, Permission
from linewatch.enforce.alerts import Alert, load_alert
from linewatch.enforce.bail import PRE_CHARGE, extension_levels
from linewatch.model import AuditOperation
from linewatch.safeguard.clock import AsOf, aware, cutoff
from linewatch.safeguard.rows import raise_alert
from linewatch.store import tables, utcnow

KIND = "BAIL_EXPIRING"
METHOD = "enforce.bail_expiry"
METHOD_VERSION = "1"


def next_authority(extensions_made: int) -> str:
    """Who may extend a standard-case bail that has had ``extensions_made`` extensions."""
    levels = extension_levels()
    if extensions_made < len(levels):
        months, rank = levels[extensions_made]
        return f"a {rank.value.lower().replace('_', ' ')} or above (to {months} months)"
    return "a magistrates' court"


def bail_expiry_warnings(access: Access, as_of: AsOf = None) -> list[Alert]:
    """Raise a warning for each live pre-charge bail expiring within the warning window."""
    access.require(Permission.RUN_ANALYSIS)
    now = cutoff(as_of)
    horizon = now + timedelta(days=int(settings.get("bail_expiry_warning_days")))
    b, x = tables.bail_records, tables.bail_extensions
    alerts: list[Alert] = []
    with access.store.begin() as conn:
        rows = conn.execute(
            select(b)
            .where(
                b.c.release_type.in_(sorted(PRE_CHARGE)),
                b.c.ended_at.is_(None),
                b.c.abp_expires_at.is_not(None),
                b.c.abp_expires_at >= now,
                b.c.abp_expires_at < horizon,
            )
            .order_by(b.c.abp_expires_at, b.c.id)
        ).all()
        for row in rows:
            expires = aware(row.abp_expires_at)
            made = conn.execute(
                select(x.c.id, x.c.rank, x.c.new_expiry)
                .where(x.c.bail_id == row.id)
                .order_by(x.c.sequence)
            ).all()
            days = (expires - now).days
            summary = (
                f"Pre-charge bail {row.id} expires on {expires:%d %b %Y %H:%M} "
                f"({days} day{'s' if days != 1 else ''} from now) after {len(made)} "
                f"extension{'s' if len(made) != 1 else ''}; extending it needs "
                f"{next_authority(len(made))}. Its conditions end with it."
            )
            evidence = [{"kind": "bail_record", "id": row.id, "expires": expires.isoformat()}]
            evidence += [
                {
                    "kind": "bail_extension",
                    "id": e.id,
                    "rank": e.rank,
                    "new_expiry": str(e.new_expiry),
                }
                for e in made
            ]
            evidence.append({"kind": "method", "id": METHOD, "version": METHOD_VERSION})
            alert_id, is_new = raise_alert(
                conn,
                kind=KIND,
                subject_id=row.person_id,
                dedupe_key=f"{KIND}:{row.id}:{expires.date().isoformat()}",
                summary=summary,
                evidence=evidence,
                method=METHOD,
                raised_at=utcnow(),
            )
            alerts.append(load_alert(conn, alert_id, is_new=is_new))
        if alerts:
            access.log(conn, AuditOperation.COMBINATION, [f"alerts:{a.id}" for a in alerts])
    return alerts
