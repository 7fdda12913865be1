"""`linewatch resolve`: run, the review queue, a pair's weights, accept, and split again."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection
from typer.testing import CliRunner

from linewatch.access import system_access
from linewatch.cli.app import app
from linewatch.resolve import Candidate, canonical_id, resolve
from linewatch.resolve.linkage import METHOD
from linewatch.store import Store
from resolve.records import entity, link


class Doubtful:
    name = "splink"

    def candidates(self, conn: Connection) -> Iterator[Candidate]:
        reasons = (
            {"comparison": "surname", "level": "same surname", "weight": 6.0, "text": "s"},
            {
                "comparison": "phone",
                "level": "different phone numbers",
                "weight": -1.0,
                "text": "p",
            },
        )
        yield Candidate("pe-a", "pe-b", 0.7, METHOD, "match probability 0.700", reasons)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    store = Store(f"sqlite:///{tmp_path / 'linewatch.db'}")
    store.migrate()
    entity(store, "Person", "pe-a", {"name": "Kai Reed", "date_of_birth": "2007-02-01"}, "a:1")
    entity(store, "Person", "pe-b", {"name": "K. Reed"}, "b:1")
    entity(store, "Phone", "ph-b", {"number": "07700 900777"}, "b:1")
    link(store, "USES_PHONE", "pe-b", "ph-b", "b:1")
    resolve(system_access(store, "test"), Doubtful(), min_score=0.9, review_from=0.5)
    store.dispose()
    return {"LINEWATCH_DATABASE_URL": store.url, "COLUMNS": "200"}


def _run(env: dict[str, str], *args: str) -> str:
    result = CliRunner().invoke(app, ["resolve", *args], env=env)
    assert result.exit_code == 0, result.output
    return result.output


def _canonical(env: dict[str, str], record: str) -> str:
    store = Store(env["LINEWATCH_DATABASE_URL"])
    with store.connect() as conn:
        found = canonical_id(conn, record)
    store.dispose()
    return found


def test_review_show_accept_and_split(env: dict[str, str]) -> None:
    queue = _run(env, "review")
    assert "Kai Reed (pe-a)" in queue and "K. Reed (pe-b)" in queue and "0.700" in queue
    numbers = re.findall(r"^\W*(\d+)\W", queue, flags=re.MULTILINE)
    assert len(numbers) == 1, queue
    number = numbers[0]

    shown = _run(env, "show", "pe-b,pe-a")
    assert "same surname" in shown and "+6.00" in shown and "0.7000" in shown
    assert "not merged" in shown

    accepted = _run(env, "accept", number, "--reason", "same school")
    assert "both now belong to pe-a" in accepted
    assert _canonical(env, "pe-b") == "pe-a"
    assert "No record matches are waiting" in _run(env, "review")

    split = _run(env, "split", "pe-b", "--reason", "a different boy")
    assert "pe-b now stands alone; kept apart from pe-a" in split
    assert _canonical(env, "pe-b") == "pe-b"


def test_bad_input_is_named(env: dict[str, str]) -> None:
    runner = CliRunner()
    unknown = runner.invoke(app, ["resolve", "accept", "999", "--reason", "x"], env=env)
    malformed = runner.invoke(app, ["resolve", "accept", "pe-a", "--reason", "x"], env=env)
    unmerged = runner.invoke(app, ["resolve", "split", "pe-a", "--reason", "x"], env=env)
    backend = runner.invoke(app, ["resolve", "run", "--backend", "oracle"], env=env)

    assert unknown.exit_code == 2 and "no judgement number 999" in unknown.output
    assert malformed.exit_code == 2 and "A,B" in malformed.output
    assert unmerged.exit_code == 1 and "pe-a is not merged" in unmerged.output
    assert backend.exit_code == 2 and "LINEWATCH_RESOLVE_BACKEND='oracle'" in backend.output


def test_run_applies_exact_identifiers_then_splink(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'empty.db'}")
    store.migrate()
    output = _run({"LINEWATCH_DATABASE_URL": store.url}, "run")
    assert "exact" in output and "splink: 0 merges" in output
