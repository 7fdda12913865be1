"""Organisations and their users: accounts, passwords and the demo set.

Passwords are kept only as argon2id hashes. An organisation's kind decides the roles its
people may hold (``policy.roles_for``), so nobody outside the force can hold a force role.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, select, update

from linewatch.access.context import FORCE_ORG, SYSTEM, Actor
from linewatch.access.policy import OrganisationKind, roles_for
from linewatch.model import Role
from linewatch.store import Store, tables, utcnow

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
PARTNER_ORG = "rutland-housing"
NEIGHBOURING_FORCE_ORG = "lincs-police"
PCC_ORG = "leics-pcc"
DEMO_SEED = "linewatch-demo"

_ID = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
_orgs = tables.organisations
_users = tables.users


class PasswordPolicyError(ValueError):
    """A password that does not meet the policy."""


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    kind: OrganisationKind


# -- password hashing --------------------------------------------------------------------------


@dataclass
class _Hashing:
    hasher: PasswordHasher
    dummy_hash: str | None = None


_hashing = _Hashing(PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY))


def set_password_hasher(hasher: PasswordHasher) -> PasswordHasher:
    """Use other argon2 parameters from now on; returns the hasher that was in use.

    Stored hashes made with the old parameters are replaced at their user's next sign-in.
    """
    previous = _hashing.hasher
    _hashing.hasher, _hashing.dummy_hash = hasher, None
    return previous


def _dummy_hash() -> str:
    # Verifying an unknown user's attempt against this costs as much as a real check, so
    # response time does not reveal which user ids exist.
    if _hashing.dummy_hash is None:
        _hashing.dummy_hash = _hashing.hasher.hash("linewatch: no such user")
    return _hashing.dummy_hash


def _verify(stored_hash: str, password: str) -> bool:
    try:
        return _hashing.hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password_policy(password: str, user_id: str = "") -> None:
    """Raise PasswordPolicyError unless the password meets the policy."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordPolicyError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise PasswordPolicyError(f"a password may have at most {MAX_PASSWORD_LENGTH} characters")
    if not password.strip():
        raise PasswordPolicyError("a password cannot be only spaces")
    if user_id and user_id.lower() in password.lower():
        raise PasswordPolicyError("a password must not contain the user id")


# -- organisations -----------------------------------------------------------------------------


def create_organisation(
    conn: Connection, id: str, name: str, kind: OrganisationKind | str
) -> Organisation:
    """Register an organisation; its id must be new."""
    org = Organisation(id, name.strip(), OrganisationKind(kind))
    if not _ID.fullmatch(id) or "." in id or "_" in id:
        raise ValueError(f"organisation id {id!r} must be 2-64 lower-case letters, digits or '-'")
    if not org.name:
        raise ValueError("an organisation needs a name")
    if get_organisation(conn, id) is not None:
        raise ValueError(f"organisation {id!r} already exists")
    conn.execute(_orgs.insert().values(id=org.id, name=org.name, kind=str(org.kind)))
    return org


def get_organisation(conn: Connection, id: str) -> Organisation | None:
    row = conn.execute(select(_orgs.c.id, _orgs.c.name, _orgs.c.kind).where(_orgs.c.id == id))
    found = row.first()
    return (
        None if found is None else Organisation(found.id, found.name, OrganisationKind(found.kind))
    )


# -- users -------------------------------------------------------------------------------------


def create_user(
    conn: Connection,
    user_id: str,
    display_name: str,
    role: Role | str,
    organisation_id: str,
    password: str,
) -> Actor:
    """Create an active user; the role must suit the organisation's kind."""
    role = Role(role)
    if not _ID.fullmatch(user_id) or user_id == SYSTEM.id:
        raise ValueError(
            f"user id {user_id!r} must be 2-64 lower-case letters, digits, '.', '_' or '-'"
        )
    org = get_organisation(conn, organisation_id)
    if org is None:
        raise ValueError(f"no organisation {organisation_id!r}")
    if role not in roles_for(org.kind):
        allowed = ", ".join(sorted(r.label for r in roles_for(org.kind)))
        raise ValueError(f"a {org.kind.label} user may hold only: {allowed}")
    check_password_policy(password, user_id)
    if conn.execute(select(_users.c.id).where(_users.c.id == user_id)).first() is not None:
        raise ValueError(f"user {user_id!r} already exists")
    conn.execute(
        _users.insert().values(
            id=user_id,
            display_name=display_name.strip() or user_id,
            role=str(role),
            organisation_id=org.id,
            password_hash=_hashing.hasher.hash(password),
            active=True,
            created_at=utcnow(),
        )
    )
    return Actor(user_id, role, org.id, display_name.strip() or user_id)


def set_password(conn: Connection, user_id: str, password: str) -> None:
    check_password_policy(password, user_id)
    changed = conn.execute(
        update(_users)
        .where(_users.c.id == user_id)
        .values(password_hash=_hashing.hasher.hash(password))
    )
    if changed.rowcount == 0:
        raise ValueError(f"no user {user_id!r}")


def deactivate_user(conn: Connection, user_id: str) -> None:
    """Refuse the user from now on: sign-in fails and open sessions stop working."""
    changed = conn.execute(update(_users).where(_users.c.id == user_id).values(active=False))
    if changed.rowcount == 0:
        raise ValueError(f"no user {user_id!r}")


def get_actor(conn: Connection, user_id: str) -> Actor | None:
    """The actor for an active user, or None."""
    row = conn.execute(
        select(_users.c.id, _users.c.display_name, _users.c.role, _users.c.organisation_id).where(
            _users.c.id == user_id, _users.c.active.is_(True)
        )
    ).first()
    if row is None:
        return None
    return Actor(row.id, Role(row.role), row.organisation_id, row.display_name)


def authenticate(store: Store, user_id: str, password: str) -> Actor | None:
    """The actor if the user exists, is active and the password is right; otherwise None.

    Unknown users cost as much time as known ones. A hash made with older argon2 parameters
    is replaced with one made with the current ones.
    """
    user_id = user_id.strip().lower()
    with store.connect() as conn:
        row = conn.execute(
            select(
                _users.c.id,
                _users.c.display_name,
                _users.c.role,
                _users.c.organisation_id,
                _users.c.password_hash,
                _users.c.active,
            ).where(_users.c.id == user_id)
        ).first()
    if row is None:
        _verify(_dummy_hash(), password)
        return None
    if not _verify(row.password_hash, password) or not row.active:
        return None
    if _hashing.hasher.check_needs_rehash(row.password_hash):
        with store.begin() as conn:
            conn.execute(
                update(_users)
                .where(_users.c.id == row.id)
                .values(password_hash=_hashing.hasher.hash(password))
            )
    return Actor(row.id, Role(row.role), row.organisation_id, row.display_name)


# -- the demo set --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoUser:
    user_id: str
    password: str
    role: Role
    organisation_id: str
    display_name: str


DEMO_ORGANISATIONS = (
    (FORCE_ORG, "Leicestershire Police", OrganisationKind.FORCE),
    (PARTNER_ORG, "Rutland County Council Housing", OrganisationKind.HOUSING),
    (NEIGHBOURING_FORCE_ORG, "Lincolnshire Police", OrganisationKind.NEIGHBOURING_FORCE),
    (
        PCC_ORG,
        "Office of the Police and Crime Commissioner for Leicester, Leicestershire and Rutland",
        OrganisationKind.PCC_OFFICE,
    ),
)
DEMO_USERS = (
    ("intel", Role.INTELLIGENCE_OFFICER, FORCE_ORG),
    ("analyst", Role.ANALYST, FORCE_ORG),
    ("officer", Role.OFFICER, FORCE_ORG),
    ("supervisor", Role.SUPERVISOR, FORCE_ORG),
    ("callhandler", Role.CALL_HANDLER, FORCE_ORG),
    ("partner", Role.PARTNER, PARTNER_ORG),
    ("pcc", Role.PCC_OFFICE, PCC_ORG),
)
_DEMO_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def demo_password(user_id: str, seed: str = DEMO_SEED) -> str:
    """A strong-looking password that the same seed always gives the same user."""
    digest = hmac.new(seed.encode(), user_id.encode(), hashlib.sha256).digest()
    chars = "".join(_DEMO_ALPHABET[b % len(_DEMO_ALPHABET)] for b in digest[:16])
    return "-".join(chars[i : i + 4] for i in range(0, 16, 4))


def seed_demo_users(store: Store, seed: str = DEMO_SEED) -> list[DemoUser]:
    """Create the demo organisations and one user per role; running it again adds nothing."""
    demo: list[DemoUser] = []
    with store.begin() as conn:
        for org_id, name, kind in DEMO_ORGANISATIONS:
            if get_organisation(conn, org_id) is None:
                create_organisation(conn, org_id, name, kind)
        for user_id, role, org_id in DEMO_USERS:
            user = DemoUser(
                user_id, demo_password(user_id, seed), role, org_id, f"{role.label} (demo)"
            )
            exists = conn.execute(select(_users.c.id).where(_users.c.id == user_id)).first()
            if exists is None:
                create_user(conn, user_id, user.display_name, role, org_id, user.password)
            demo.append(user)
    return demo
