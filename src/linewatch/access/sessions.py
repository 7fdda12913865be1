"""Server-side web sessions and their CSRF tokens.

The browser holds a random session token; the database holds only its SHA-256, so a copy of
the database does not let anyone sign in. A session lasts one shift (8 hours) from sign-in and
stops working at once when its user is deactivated.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from linewatch.access.context import Actor
from linewatch.access.times import as_utc
from linewatch.model import Role
from linewatch.store import Store, tables, utcnow

SESSION_LIFETIME = timedelta(hours=8)

_sessions = tables.web_sessions
_users = tables.users


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(
    store: Store,
    actor: Actor,
    *,
    lifetime: timedelta = SESSION_LIFETIME,
    now: datetime | None = None,
) -> tuple[str, str]:
    """Open a session for a signed-in user; returns (session token, CSRF token)."""
    now = as_utc(now) if now else utcnow()
    token, csrf_token = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with store.begin() as conn:
        active = conn.execute(
            select(_users.c.id).where(_users.c.id == actor.id, _users.c.active.is_(True))
        ).first()
        if active is None:
            raise ValueError(f"{actor.id!r} is not an active user, so cannot hold a web session")
        # Expired sessions are of no further use; clearing them here keeps the table small.
        conn.execute(delete(_sessions).where(_sessions.c.expires_at <= now))
        conn.execute(
            _sessions.insert().values(
                token_hash=_token_hash(token),
                user_id=actor.id,
                csrf_token=csrf_token,
                created_at=now,
                expires_at=now + lifetime,
            )
        )
    return token, csrf_token


def session_actor(
    store: Store, token: str | None, *, now: datetime | None = None
) -> tuple[Actor, str] | None:
    """The actor and CSRF token of a live session, or None if unknown, expired or refused."""
    if not token:
        return None
    now = as_utc(now) if now else utcnow()
    with store.connect() as conn:
        row = conn.execute(
            select(
                _sessions.c.csrf_token,
                _sessions.c.expires_at,
                _users.c.id,
                _users.c.display_name,
                _users.c.role,
                _users.c.organisation_id,
            )
            .join(_users, _users.c.id == _sessions.c.user_id)
            .where(_sessions.c.token_hash == _token_hash(token), _users.c.active.is_(True))
        ).first()
    if row is None or as_utc(row.expires_at) <= now:
        return None
    actor = Actor(row.id, Role(row.role), row.organisation_id, row.display_name)
    return actor, row.csrf_token


def end_session(store: Store, token: str) -> bool:
    """Sign out: the token stops working. True if a session was ended."""
    with store.begin() as conn:
        result = conn.execute(delete(_sessions).where(_sessions.c.token_hash == _token_hash(token)))
    return result.rowcount > 0


def end_user_sessions(store: Store, user_id: str) -> int:
    """End every session of one user (a password change, say); returns how many."""
    with store.begin() as conn:
        result = conn.execute(delete(_sessions).where(_sessions.c.user_id == user_id))
    return result.rowcount


def check_csrf(expected: str, given: str | None) -> bool:
    """Whether a submitted CSRF token matches the session's, compared in constant time."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())
