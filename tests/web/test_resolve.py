"""The record-match review pages: the queue, a pair side by side with its weights explained,
accept and reject with a reason, and splitting a merge again; refused to roles without the
resolve permission; each step in the audit log."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, select
from tests.web.conftest import csrf_from

from linewatch.access import DemoUser, seed_demo_users, system_access
from linewatch.model import AuditOperation
from linewatch.resolve import Candidate, canonical_id, resolve
from linewatch.resolve.linkage import METHOD
from linewatch.store import Provenance, Store, add_entity, add_link, tables
from linewatch.web import create_app

LEFT, RIGHT = "pe-a-jayden", "pe-c-jsmith"
# Weights as the Splink matcher records them (comparison, level in words, match weight).
WEIGHTS = (
    ("surname", "same surname", 6.31),
    ("first name", "an initial that fits the other's first name", 2.12),
    (
        "date of birth or age",
        "an estimated age that fits the other's birth year within a year",
        1.4,
    ),
    ("phone", "different phone numbers", -0.74),
)
SCORE = 0.72


class QueueMatcher:
    """Proposes the one doubtful pair with the weights a trained model gave it."""

    name = "splink"

    def candidates(self, conn: Connection) -> Iterator[Candidate]:
        reasons = tuple(
            {"comparison": c, "level": level, "weight": w, "text": f"{c}: {level} ({w:+.1f})"}
            for c, level, w in WEIGHTS
        )
        yield Candidate(LEFT, RIGHT, SCORE, METHOD, "match probability 0.720", reasons)


@dataclass(frozen=True)
class MatchWorld:
    store: Store
    users: dict[str, DemoUser]


def build_match_world(store: Store) -> MatchWorld:
    """Two records of one young man, each with its own phone, and the doubtful pair queued."""
    users = {u.user_id: u for u in seed_demo_users(store)}
    police = Provenance("record", "leics:NOM-1", dataset="police_nominal", is_synthetic=True)
    care = Provenance("record", "csc:C-77", dataset="childrens_social_care", is_synthetic=True)
    with store.begin() as conn:
        add_entity(
            conn, "Person", LEFT, {"name": "SMITH, Jayden", "date_of_birth": "2008-04-11"}, police
        )
        add_entity(conn, "Phone", "ph-a", {"number": "07700 900101"}, police)
        add_link(conn, "USES_PHONE", LEFT, "ph-a", police)
        add_entity(conn, "Person", RIGHT, {"name": "J. Smith", "estimated_age": "16"}, care)
        add_entity(conn, "Phone", "ph-c", {"number": "07700 900555"}, care)
        add_link(conn, "USES_PHONE", RIGHT, "ph-c", care)
    access = system_access(store, "Person matching for the review tests")
    result = resolve(access, QueueMatcher(), min_score=0.9, review_from=0.5)
    assert result.queued == 1
    return MatchWorld(store, users)


@pytest.fixture
def world(store: Store, cheap_hashing: None) -> MatchWorld:
    return build_match_world(store)


def _signed_in(world: MatchWorld, user_id: str) -> Iterator[TestClient]:
    with TestClient(create_app(world.store), base_url="http://testserver") as client:
        form = client.get("/sign-in")
        password = world.users[user_id].password
        token = csrf_from(form.text)
        reply = client.post(
            "/sign-in",
            data={"user_id": user_id, "password": password, "csrf_token": token},
            follow_redirects=False,
        )
        assert reply.status_code == 303
        yield client


@pytest.fixture
def analyst(world: MatchWorld) -> Iterator[TestClient]:
    yield from _signed_in(world, "analyst")


def _audited(store: Store, operation: AuditOperation) -> list[list[str]]:
    a = tables.audit_log
    with store.connect() as conn:
        rows = conn.execute(select(a.c.record_ids).where(a.c.operation == str(operation)))
        return [sorted(r[0]) for r in rows]


def test_the_queue_lists_the_pair_by_name_and_is_audited(
    analyst: TestClient, world: MatchWorld
) -> None:
    page = analyst.get("/matches")

    assert page.status_code == 200
    assert f'data-pair="{LEFT}|{RIGHT}"' in page.text
    assert "SMITH, Jayden" in page.text and "J. Smith" in page.text
    assert f'href="/matches/{LEFT}/{RIGHT}"' in page.text
    assert 'href="/matches" aria-current="page"' in page.text
    assert [LEFT, RIGHT] in _audited(world.store, AuditOperation.CONSULTATION)


@pytest.mark.parametrize("user_id", ["officer", "pcc", "partner"])
def test_roles_that_do_not_resolve_records_are_refused(world: MatchWorld, user_id: str) -> None:
    for client in _signed_in(world, user_id):
        assert 'href="/matches"' not in client.get("/search").text
        assert client.get("/matches").status_code == 403
        assert client.get(f"/matches/{LEFT}/{RIGHT}").status_code == 403


def test_the_pair_page_shows_both_records_and_explains_the_weights(analyst: TestClient) -> None:
    page = analyst.get(f"/matches/{RIGHT}/{LEFT}")  # either order shows the same pair

    assert page.status_code == 200
    text = page.text
    assert text.index("SMITH, Jayden") < text.index("J. Smith")
    assert "2008-04-11" in text or "11 Apr 2008" in text
    assert "Uses phone" in text  # what each record links to is evidence too
    assert text.index("+447700900101") < text.index("+447700900555")
    for comparison, level, weight in WEIGHTS:
        assert f'data-weight="{comparison}"' in text
        assert level.replace("'", "&#39;") in text
        assert f"{weight:+.2f}" in text
    # The prior plus every weight makes the score: the last running probability is it.
    prior = math.log2(SCORE / (1 - SCORE)) - sum(w for _, _, w in WEIGHTS)
    assert f"{prior:+.2f}" in text
    assert f"{2**6.31:.3g}" in text  # the surname's Bayes factor
    assert f"{SCORE:.4f}" in text
    assert "Waiting for review" in text


def test_a_decision_needs_the_form_token_a_choice_and_a_reason(
    analyst: TestClient, world: MatchWorld
) -> None:
    token = csrf_from(analyst.get(f"/matches/{LEFT}/{RIGHT}").text)
    url = f"/matches/{LEFT}/{RIGHT}/decision"

    forged = analyst.post(url, data={"decision": "accept", "reason": "x", "csrf_token": "no"})
    empty = analyst.post(url, data={"decision": "", "reason": " ", "csrf_token": token})

    assert forged.status_code == 403
    assert empty.status_code == 400
    assert "Choose to accept or reject the match" in empty.text
    assert "Enter why" in empty.text
    with world.store.connect() as conn:
        assert canonical_id(conn, RIGHT) == RIGHT


def test_accept_merges_and_split_restores_both_records_and_their_links(
    analyst: TestClient, world: MatchWorld
) -> None:
    token = csrf_from(analyst.get(f"/matches/{LEFT}/{RIGHT}").text)
    accepted = analyst.post(
        f"/matches/{LEFT}/{RIGHT}/decision",
        data={"decision": "accept", "reason": "same phone in CSC notes", "csrf_token": token},
        follow_redirects=False,
    )
    assert accepted.status_code == 303
    assert accepted.headers["location"] == f"/matches/{LEFT}/{RIGHT}?decided=accepted"
    merged = analyst.get(accepted.headers["location"]).text
    assert "The records are merged" in merged and "Split these records" in merged
    entity = analyst.get(f"/entities/{RIGHT}").text
    assert "07700 900101" in entity and "07700 900555" in entity
    assert "resolved from 2 records" in entity
    assert [LEFT, RIGHT] in _audited(world.store, AuditOperation.COMBINATION)
    queue = analyst.get("/matches").text
    assert "data-queue-empty" in queue and f'data-merge="{LEFT}|{RIGHT}"' in queue

    split = analyst.post(
        f"/matches/{LEFT}/{RIGHT}/split",
        data={"reason": "school confirms a different child", "csrf_token": token},
        follow_redirects=False,
    )
    assert split.status_code == 303
    assert "The merge is undone" in analyst.get(split.headers["location"]).text
    with world.store.connect() as conn:
        assert canonical_id(conn, LEFT) == LEFT and canonical_id(conn, RIGHT) == RIGHT
    left, right = analyst.get(f"/entities/{LEFT}").text, analyst.get(f"/entities/{RIGHT}").text
    assert "07700 900101" in left and "07700 900555" not in left
    assert "07700 900555" in right and "07700 900101" not in right
    assert [LEFT, RIGHT] in _audited(world.store, AuditOperation.ALTERATION)
