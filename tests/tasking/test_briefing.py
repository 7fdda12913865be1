"""The briefing deepened: line status, hotspots and patrols, tasks; and as a PDF read back."""

from __future__ import annotations

import io

from pypdf import PdfReader
from tests.tasking.world import AS_OF, HOT, seed

from linewatch.access import Access, Actor
from linewatch.model import Role
from linewatch.store import Store
from linewatch.tasking import briefing, briefing_pdf
from linewatch.tasking.briefing import line_status

SUPERVISOR = Actor("sup-1", Role.SUPERVISOR, "leics-police")


def test_a_line_is_dormant_after_two_quiet_cycles() -> None:
    assert line_status("2026-11-01", AS_OF) == "ACTIVE"
    assert line_status("2026-10-30", AS_OF) == "DORMANT"
    assert line_status(None, AS_OF) == "ACTIVE"


def test_the_briefing_holds_lines_hotspots_patrols_and_proposals(sqlite_store: Store) -> None:
    world = seed(sqlite_store)
    brief = briefing(Access(sqlite_store, SUPERVISOR, "Tactical tasking briefing"), AS_OF)
    [line] = brief.lines
    assert (line.phone_id, line.status, line.known_users) == (
        world.phone,
        "ACTIVE",
        ["Test Runner"],
    )
    assert brief.new_lines == [line.number]  # first seen 20 Nov, after the last meeting
    assert brief.changes["Deal lines first active"] == 1
    assert brief.hotspots[0].code == HOT
    assert brief.patrol is not None and brief.patrol.areas[0].code == HOT
    patrols = [t for t in brief.tasks if t.kind == "PATROL"]
    assert patrols and patrols[0].subject_id == HOT and "21:00 to 23:00" in patrols[0].title


def test_the_briefing_pdf_reads_back_with_every_section(sqlite_store: Store) -> None:
    seed(sqlite_store)
    brief = briefing(Access(sqlite_store, SUPERVISOR, "Tactical tasking briefing"), AS_OF)
    reader = PdfReader(io.BytesIO(briefing_pdf(brief)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for heading in (
        "Tactical tasking and co-ordination briefing",
        "What changed since the last meeting",
        "County lines active",
        "Safeguard first",
        "Possible bail breaches",
        "Welfare visits",
        "Hotspots and patrol plan",
        "Intelligence gaps",
        "Proposed task",
    ):
        assert heading in text, heading
    assert "OFFICIAL-SENSITIVE" in text
    assert "Test Runner" in text
    assert brief.patrol is not None
    assert f"{brief.patrol.areas[0].place} ({brief.patrol.areas[0].name})" in text
