"""The briefing as text for a terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from linewatch.tasking.briefing import Briefing


def print_briefing(brief: Briefing, console: Console) -> None:
    console.print(
        f"[bold]TT&CG briefing[/] for {brief.as_of:%A %d %B %Y} "
        f"(changes since {brief.since:%d %B})   [dim]OFFICIAL-SENSITIVE[/]"
    )
    changes = Table("since the last meeting", "count", title="What changed")
    for label, count in brief.changes.items():
        changes.add_row(label, str(count))
    console.print(changes)

    lines = Table("deal line", "score", "known users", "why", title="County lines active")
    for line in brief.lines:
        lines.add_row(
            line.number,
            f"{line.score:.2f}",
            ", ".join(line.known_users) or "unknown",
            "; ".join(line.reasons[:2]),
        )
    console.print(lines)

    people = Table("person", "age", "referral", "why", title="Safeguard first")
    for person in brief.safeguard[:10]:
        age = str(person.age) if person.age is not None else person.age_basis
        referral = (
            "made" if person.referral_ids else "[red]needed[/]" if person.prompt_referral else "-"
        )
        people.add_row(person.name, age, referral, "; ".join(person.reasons[:2]))
    console.print(people)
    if len(brief.safeguard) > 10:
        console.print(f"  ... and {len(brief.safeguard) - 10} more")

    console.print(f"[bold]Possible bail breaches[/] awaiting review: {len(brief.breaches)}")
    for alert in brief.breaches[:8]:
        console.print(f"  {alert.raised_at:%d %b %H:%M}  {alert.summary}")
    console.print(
        f"[bold]Welfare visits[/]: {len(brief.visits_due)} due this week, "
        f"[red]{len(brief.visits_overdue)} overdue[/]"
    )
    for visit in brief.visits_overdue[:8]:
        console.print(f"  overdue since {visit.scheduled_for:%d %b}: {visit.address}")
    if brief.gaps:
        console.print("[bold]Intelligence gaps[/]")
        for gap in brief.gaps:
            console.print(f"  - {gap}")
    tasks = Table("task", "owner", "due", title="Proposed tasks")
    for task in brief.tasks:
        tasks.add_row(task.title, task.owner_role.title(), f"{task.due:%d %b}")
    console.print(tasks)
