"""Tasks the tasking group sets: created from a proposal, assigned, tracked to done.

A completed task's result flows back into the picture as a fact with the task as its evidence:
a subject profile that names who holds a line records that person's use of the deal phone (so
the gap closes), a welfare visit records the visit, a safeguarding referral records the referral.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import Connection, select, update

from linewatch.access import Access, Permission
from linewatch.model import AuditOperation, ReferralType
from linewatch.store import Provenance, add_link, make_id, tables, utcnow

OPEN, ASSIGNED, DONE = "OPEN", "ASSIGNED", "DONE"
STATUSES = (OPEN, ASSIGNED, DONE)


@dataclass(frozen=True)
class ProposedTask:
    title: str
    kind: str
    subject_id: str
    reason: str
    due: date
    owner_role: str

    @property
    def task_id(self) -> str:
        """The id the task gets when it is set: one proposal, one task."""
        return make_id("task", self.kind, self.subject_id, self.title)


class TaskNotFound(LookupError):
    """No task has that id."""


class TaskError(ValueError):
    """A task change that does not fit the task's kind or state."""


@dataclass(frozen=True)
class Task:
    id: str
    title: str
    kind: str
    subject_id: str | None
    owner: str | None
    due_at: datetime | None
    status: str
    reason: str
    created_at: datetime
    completed_at: datetime | None
    result: str | None

    def overdue(self, today: date) -> bool:
        return self.status != DONE and self.due_at is not None and self.due_at.date() < today

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _aware(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo:
        return value
    return value.replace(tzinfo=UTC)


def _task(row: Any) -> Task:
    data = dict(row._mapping)
    for key in ("due_at", "created_at", "completed_at"):
        data[key] = _aware(data[key])
    return Task(**data)


def _load(conn: Connection, task_id: str) -> Task:
    row = conn.execute(select(tables.tasks).where(tables.tasks.c.id == task_id)).first()
    if row is None:
        raise TaskNotFound(task_id)
    return _task(row)


def _due(day: date | None) -> datetime | None:
    return datetime.combine(day, time(17, 0), UTC) if day else None


def create_task(access: Access, proposal: ProposedTask, owner: str | None = None) -> Task:
    """Set a proposed task; setting the same proposal again returns the task already set."""
    access.require(Permission.MANAGE_TASKS)
    task_id = proposal.task_id
    with access.store.begin() as conn:
        exists = conn.execute(select(tables.tasks.c.id).where(tables.tasks.c.id == task_id))
        if exists.first() is None:
            conn.execute(
                tables.tasks.insert().values(
                    id=task_id,
                    title=proposal.title,
                    kind=proposal.kind,
                    subject_id=proposal.subject_id,
                    owner=owner,
                    due_at=_due(proposal.due),
                    status=ASSIGNED if owner else OPEN,
                    reason=proposal.reason,
                    created_at=utcnow(),
                )
            )
        access.log(conn, AuditOperation.CONSULTATION, [f"tasks:{task_id}", proposal.subject_id])
        return _load(conn, task_id)


def assign_task(access: Access, task_id: str, owner: str, due: date | None = None) -> Task:
    access.require(Permission.MANAGE_TASKS)
    if not owner.strip():
        raise TaskError("a task is assigned to someone: give the owner")
    with access.store.begin() as conn:
        task = _load(conn, task_id)
        if task.status == DONE:
            raise TaskError("the task is done; set a new one instead")
        values: dict[str, Any] = {"owner": owner.strip(), "status": ASSIGNED}
        if due is not None:
            values["due_at"] = _due(due)
        conn.execute(update(tables.tasks).where(tables.tasks.c.id == task_id).values(**values))
        access.log(conn, AuditOperation.CONSULTATION, [f"tasks:{task_id}"])
        return _load(conn, task_id)


def _flow_back(
    access: Access,
    conn: Connection,
    task: Task,
    result: str,
    holder_id: str | None,
    referral_type: str | None,
) -> list[str]:
    """Record what the task found as a fact sourced to the task; the ids it wrote."""
    now = utcnow()
    provenance = Provenance("task", task.id, dataset="tasks", observed_at=now)
    if task.kind == "SUBJECT_PROFILE" and holder_id:
        if task.subject_id is None:
            raise TaskError("this subject profile has no phone to tie the holder to")
        person = conn.execute(
            select(tables.entities.c.schema).where(tables.entities.c.id == holder_id)
        ).scalar()
        if person != "Person":
            raise TaskError(f"{holder_id} is not a person in the picture")
        return [add_link(conn, "USES_PHONE", holder_id, task.subject_id, provenance)]
    if task.kind == "VISIT" and task.subject_id:
        visit_id = make_id("visit", task.id)
        conn.execute(
            tables.visits.insert().values(
                id=visit_id,
                address_id=task.subject_id,
                scheduled_for=task.due_at or now,
                assigned_to=task.owner,
                performed_at=now,
                performed_by=access.actor.id,
                outcome=result,
            )
        )
        return [visit_id]
    if task.kind == "REFERRAL" and task.subject_id:
        kind = ReferralType(referral_type or ReferralType.CHILDRENS_SOCIAL_CARE.value)
        referral_id = make_id("referral", task.id)
        conn.execute(
            tables.referrals.insert().values(
                id=referral_id,
                person_id=task.subject_id,
                referral_type=kind.value,
                made_at=now,
                made_by=access.actor.id,
            )
        )
        return [referral_id]
    return []


def complete_task(
    access: Access,
    task_id: str,
    result: str,
    *,
    holder_id: str | None = None,
    referral_type: str | None = None,
) -> Task:
    """Close a task with its result; what it found goes back into the picture."""
    if not (access.can(Permission.MANAGE_TASKS) or access.can(Permission.RECORD_OUTCOMES)):
        access.require(Permission.RECORD_OUTCOMES)
    if not result.strip():
        raise TaskError("say what the task found or did")
    with access.store.begin() as conn:
        task = _load(conn, task_id)
        if task.status == DONE:
            raise TaskError("the task is already done")
        written = _flow_back(access, conn, task, result.strip(), holder_id, referral_type)
        conn.execute(
            update(tables.tasks)
            .where(tables.tasks.c.id == task_id)
            .values(status=DONE, completed_at=utcnow(), result=result.strip())
        )
        operation = AuditOperation.COMBINATION if written else AuditOperation.CONSULTATION
        access.log(conn, operation, [f"tasks:{task_id}", *written])
        return _load(conn, task_id)


def existing_task_ids(conn: Connection, ids: list[str]) -> set[str]:
    if not ids:
        return set()
    rows = conn.execute(select(tables.tasks.c.id).where(tables.tasks.c.id.in_(ids)))
    return {str(i) for (i,) in rows}


def list_tasks(access: Access, status: str | None = None) -> list[Task]:
    """Tasks, open ones first by due date, then the done ones most recent first."""
    access.require(Permission.VIEW_PICTURE)
    query = select(tables.tasks)
    if status:
        query = query.where(tables.tasks.c.status == status)
    with access.store.begin() as conn:
        found = [_task(row) for row in conn.execute(query)]
        access.log(conn, AuditOperation.CONSULTATION, [f"tasks:{t.id}" for t in found] or ["tasks"])
    far = datetime.max.replace(tzinfo=UTC)
    open_ = sorted((t for t in found if t.status != DONE), key=lambda t: (t.due_at or far, t.title))
    done = sorted(
        (t for t in found if t.status == DONE), key=lambda t: t.completed_at or far, reverse=True
    )
    return open_ + done


def get_task(access: Access, task_id: str) -> Task:
    access.require(Permission.VIEW_PICTURE)
    with access.store.begin() as conn:
        task = _load(conn, task_id)
        access.log(conn, AuditOperation.CONSULTATION, [f"tasks:{task_id}"])
    return task
