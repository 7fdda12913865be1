"""`linewatch collect import FILE --from ORG`: the summary a person reads after an import."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from linewatch.access import PARTNER_ORG, create_organisation
from linewatch.access.users import DEMO_ORGANISATIONS
from linewatch.cli.app import app
from linewatch.store import Store


@pytest.fixture
def database(sqlite_store: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    with sqlite_store.begin() as conn:
        for org_id, name, kind in DEMO_ORGANISATIONS:
            create_organisation(conn, org_id, name, kind)
    monkeypatch.setenv("LINEWATCH_DATABASE_URL", str(sqlite_store.engine.url))
    return sqlite_store


def test_a_partner_file_import_prints_accepted_duplicates_and_quarantined(
    database: Store, tmp_path: Path
) -> None:
    first = tmp_path / "housing.csv"
    first.write_text(
        "reference,reported_at,text,classification\n"
        "H1,2026-11-20T10:00:00+00:00,Visitors all night,OFFICIAL\n"
        "H2,yesterday,Visitors again,OFFICIAL\n"
    )
    second = tmp_path / "housing-2.csv"
    second.write_text(
        "reference,reported_at,text,classification\n"
        "H1,2026-11-20T10:00:00+00:00,Visitors all night,OFFICIAL\n"
        "H3,2026-11-21T10:00:00+00:00,A new car outside,OFFICIAL\n"
    )
    runner = CliRunner()

    shown = runner.invoke(app, ["collect", "import", str(first), "--from", PARTNER_ORG])
    assert shown.exit_code == 0, shown.output
    assert "accepted     1" in shown.output and "quarantined  1" in shown.output
    assert "row 3 (H2): reported_at" in shown.output

    again = runner.invoke(app, ["collect", "import", str(first), "--from", PARTNER_ORG])
    assert "already imported" in again.output

    overlap = runner.invoke(app, ["collect", "import", str(second), "--from", PARTNER_ORG])
    assert "accepted     1" in overlap.output and "duplicates   1" in overlap.output


def test_a_truncated_file_is_refused_with_a_clear_message(database: Store, tmp_path: Path) -> None:
    cut = tmp_path / "cut.jsonl"
    cut.write_text('{"reference": "A", "text": "x"}\n{"reference": "B", "te')
    shown = CliRunner().invoke(app, ["collect", "import", str(cut), "--from", PARTNER_ORG])
    assert shown.exit_code == 1
    assert "cut short" in shown.output and "nothing was loaded" in shown.output
