"""API tokens: how a partner agency or neighbouring force system talks to Linewatch.

One token per organisation. Only its SHA-256 is stored (a token is 256 random bits, so a salt
or slow hash adds nothing); issuing a new token revokes the old one. The token acts as the
organisation, in the one role its kind allows outside the force: a partner (own or disclosed
records only) or the PCC office (aggregates only).
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import Connection, select, update

from linewatch.access.context import Actor
from linewatch.access.policy import OrganisationKind, roles_for
from linewatch.access.users import get_organisation
from linewatch.store import Store, tables

TOKEN_PREFIX = "lw_"

_orgs = tables.organisations


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_api_token(conn: Connection, organisation_id: str) -> str:
    """A new token for the organisation, replacing any earlier one. Show it once; it is not kept."""
    org = get_organisation(conn, organisation_id)
    if org is None:
        raise ValueError(f"no organisation {organisation_id!r}")
    if org.kind is OrganisationKind.FORCE:
        raise ValueError(
            "the force's own people sign in as users; API tokens are for outside bodies"
        )
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    conn.execute(
        update(_orgs).where(_orgs.c.id == org.id).values(api_token_hash=_token_hash(token))
    )
    return token


def revoke_api_token(conn: Connection, organisation_id: str) -> None:
    conn.execute(update(_orgs).where(_orgs.c.id == organisation_id).values(api_token_hash=None))


def api_actor_id(organisation_id: str) -> str:
    """The actor id an organisation's API calls are audited under."""
    return f"api:{organisation_id}"


def actor_for_token(store: Store, token: str | None) -> Actor | None:
    """The API actor of the organisation holding this token, or None."""
    if not token or not token.startswith(TOKEN_PREFIX):
        return None
    with store.connect() as conn:
        row = conn.execute(
            select(_orgs.c.id, _orgs.c.name, _orgs.c.kind).where(
                _orgs.c.api_token_hash == _token_hash(token)
            )
        ).first()
    if row is None:
        return None
    kind = OrganisationKind(row.kind)
    if kind is OrganisationKind.FORCE:
        return None
    (role,) = roles_for(kind)
    return Actor(api_actor_id(row.id), role, row.id, f"{row.name} (API)")
