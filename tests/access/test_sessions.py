"""Web sessions: hashed tokens, expiry, sign-out, deactivation and the CSRF check."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select

from linewatch.access import (
    SESSION_LIFETIME,
    Actor,
    DemoUser,
    authenticate,
    check_csrf,
    deactivate_user,
    end_session,
    end_user_sessions,
    session_actor,
    start_session,
)
from linewatch.access.tokens import api_actor_id
from linewatch.model import Role
from linewatch.store import Store, tables, utcnow


def _sign_in(store: Store, user: DemoUser) -> Actor:
    actor = authenticate(store, user.user_id, user.password)
    assert actor is not None
    return actor


def test_a_session_gives_back_its_actor_and_csrf_token(
    store: Store, demo: dict[str, DemoUser]
) -> None:
    actor = _sign_in(store, demo["analyst"])
    token, csrf = start_session(store, actor)
    found = session_actor(store, token)
    assert found == (actor, csrf)
    assert token != csrf
    assert session_actor(store, token + "x") is None
    assert session_actor(store, "") is None
    assert session_actor(store, None) is None


def test_only_a_hash_of_the_token_is_stored(store: Store, demo: dict[str, DemoUser]) -> None:
    token, _ = start_session(store, _sign_in(store, demo["officer"]))
    with store.connect() as conn:
        rows = conn.execute(select(tables.web_sessions)).mappings().all()
    assert len(rows) == 1
    assert rows[0]["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {str(v) for v in rows[0].values()}


def test_a_session_expires_after_eight_hours(store: Store, demo: dict[str, DemoUser]) -> None:
    assert timedelta(hours=8) == SESSION_LIFETIME
    start = utcnow()
    token, _ = start_session(store, _sign_in(store, demo["officer"]), now=start)
    assert session_actor(store, token, now=start + timedelta(hours=7, minutes=59)) is not None
    assert session_actor(store, token, now=start + SESSION_LIFETIME) is None
    assert session_actor(store, token, now=start + timedelta(days=1)) is None


def test_expired_sessions_are_cleared_when_another_starts(
    store: Store, demo: dict[str, DemoUser]
) -> None:
    start = utcnow() - timedelta(hours=9)
    old, _ = start_session(store, _sign_in(store, demo["officer"]), now=start)
    start_session(store, _sign_in(store, demo["intel"]))
    with store.connect() as conn:
        users = [r.user_id for r in conn.execute(select(tables.web_sessions.c.user_id))]
    assert users == ["intel"]
    assert session_actor(store, old) is None


def test_signing_out_ends_only_that_session(store: Store, demo: dict[str, DemoUser]) -> None:
    actor = _sign_in(store, demo["supervisor"])
    first, _ = start_session(store, actor)
    second, _ = start_session(store, actor)
    assert end_session(store, first) is True
    assert end_session(store, first) is False
    assert session_actor(store, first) is None
    assert session_actor(store, second) is not None
    assert end_user_sessions(store, "supervisor") == 1
    assert session_actor(store, second) is None


def test_deactivating_a_user_stops_their_sessions(store: Store, demo: dict[str, DemoUser]) -> None:
    token, _ = start_session(store, _sign_in(store, demo["callhandler"]))
    with store.begin() as conn:
        deactivate_user(conn, "callhandler")
    assert session_actor(store, token) is None
    with pytest.raises(ValueError, match="not an active user"):
        start_session(store, Actor("callhandler", Role.CALL_HANDLER, "leics-police"))


def test_an_api_actor_cannot_hold_a_web_session(store: Store, demo: dict[str, DemoUser]) -> None:
    api = Actor(api_actor_id("rutland-housing"), Role.PARTNER, "rutland-housing")
    with pytest.raises(ValueError, match="not an active user"):
        start_session(store, api)


def test_csrf_check() -> None:
    assert check_csrf("abc123", "abc123")
    assert not check_csrf("abc123", "abc124")
    assert not check_csrf("abc123", "")
    assert not check_csrf("abc123", None)
    assert not check_csrf("", "")
