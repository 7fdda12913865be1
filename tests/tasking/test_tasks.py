"""Tasks: set from a proposal, assigned, completed; results flow back into the picture."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from tests.tasking.world import AS_OF, seed

from linewatch.access import Access, AccessDenied, Actor
from linewatch.model import Role
from linewatch.store import Provenance, Store, add_entity, tables
from linewatch.tasking import (
    ProposedTask,
    TaskError,
    assign_task,
    briefing,
    complete_task,
    create_task,
    list_tasks,
)
from linewatch.tasking.gaps import line_users

SUPERVISOR = Actor("sup-1", Role.SUPERVISOR, "leics-police")
OFFICER = Actor("off-1", Role.OFFICER, "leics-police")


def test_a_subject_profile_that_names_the_holder_closes_the_gap(sqlite_store: Store) -> None:
    world = seed(sqlite_store)
    with sqlite_store.begin() as conn:
        add_entity(
            conn,
            "Person",
            "per-holder",
            {"name": "Line Holder"},
            Provenance("record", "t", is_synthetic=True),
        )
    access = Access(sqlite_store, SUPERVISOR, "Tasking")
    gaps = briefing(access, AS_OF).gaps
    # The runner already uses the phone, so no "who holds" gap for it; propose one by hand.
    proposal = ProposedTask(
        "Develop a subject profile: who holds the line on 07700 900555?",
        "SUBJECT_PROFILE",
        world.phone,
        "flares",
        date(2026, 11, 30),
        "ANALYST",
    )
    task = create_task(access, proposal)
    assert task.status == "OPEN" and task.owner is None
    assert create_task(access, proposal).id == task.id  # one proposal, one task
    task = assign_task(access, task.id, "analyst-2", date(2026, 12, 2))
    assert (task.status, task.owner, task.due_at.date()) == (
        "ASSIGNED",
        "analyst-2",
        date(2026, 12, 2),
    )
    done = complete_task(
        access, task.id, "Holder identified from call data", holder_id="per-holder"
    )
    assert done.status == "DONE" and done.result == "Holder identified from call data"
    assert "Line Holder" in line_users(access, [world.phone])[world.phone]
    with sqlite_store.connect() as conn:
        link = conn.execute(
            select(tables.links).where(tables.links.c.source_id == "per-holder")
        ).one()
    assert (link.link_type, link.evidence_kind, link.evidence_id) == ("USES_PHONE", "task", task.id)
    assert len(briefing(access, AS_OF).gaps) == len(gaps)
    with pytest.raises(TaskError):
        complete_task(access, task.id, "again")


def test_a_visit_task_records_the_visit_and_the_briefing_stops_proposing_it(
    sqlite_store: Store,
) -> None:
    world = seed(sqlite_store)
    access = Access(sqlite_store, SUPERVISOR, "Tasking")
    proposal = ProposedTask(
        "Welfare visit overdue: 1 Test Row", "VISIT", world.address, "due 20 Nov", AS_OF, "OFFICER"
    )
    task = create_task(access, proposal, owner="off-1")
    assert task.status == "ASSIGNED"
    assert task.overdue(date(2026, 11, 29)) and not task.overdue(AS_OF)
    complete_task(Access(sqlite_store, OFFICER, "Tasking"), task.id, "Occupant seen alone, well")
    with sqlite_store.connect() as conn:
        visit = conn.execute(select(tables.visits)).one()
    assert (visit.address_id, visit.performed_by, visit.outcome) == (
        world.address,
        "off-1",
        "Occupant seen alone, well",
    )
    brief = briefing(access, AS_OF)
    assert proposal.task_id not in {t.task_id for t in brief.tasks}
    assert [t.id for t in brief.done_since] == [task.id]
    assert brief.changes["Tasks completed"] == 1


def test_only_the_tasking_group_sets_tasks_and_a_result_is_required(sqlite_store: Store) -> None:
    world = seed(sqlite_store)
    proposal = ProposedTask("Patrol", "PATROL", "E01000000", "why", AS_OF, "OFFICER")
    with pytest.raises(AccessDenied):
        create_task(Access(sqlite_store, OFFICER, "Tasking"), proposal)
    task = create_task(Access(sqlite_store, SUPERVISOR, "Tasking"), proposal)
    with pytest.raises(TaskError):
        complete_task(Access(sqlite_store, OFFICER, "Tasking"), task.id, "  ")
    with pytest.raises(TaskError):
        assign_task(Access(sqlite_store, SUPERVISOR, "Tasking"), task.id, " ")
    assert [t.id for t in list_tasks(Access(sqlite_store, OFFICER, "Tasking"))] == [task.id]
    assert world.phone
