"""The TT&CG briefing as a PDF, section for section as the web page lays it out."""

from __future__ import annotations

from linewatch.model import Classification
from linewatch.tasking.briefing import Briefing
from linewatch.tasking.pdfdoc import Document


def _people(brief: Briefing) -> list[list[str]]:
    rows = []
    for person in brief.safeguard:
        age = str(person.age) if person.age is not None else person.age_basis
        referral = "made" if person.referral_ids else "needed" if person.prompt_referral else "-"
        rows.append([person.name, age, referral, "; ".join(person.reasons[:2])])
    return rows


def briefing_pdf(brief: Briefing) -> bytes:
    """The briefing as PDF bytes, marked OFFICIAL-SENSITIVE on every page."""
    doc = Document(f"TT&CG briefing {brief.as_of:%d %B %Y}", str(Classification.OFFICIAL_SENSITIVE))
    doc.heading("Tactical tasking and co-ordination briefing", 16)
    doc.para(f"As of {brief.as_of:%A %d %B %Y}; changes since {brief.since:%d %B %Y}.")

    doc.heading("What changed since the last meeting")
    doc.grid(
        ["Since the last meeting", "Count"], [[k, v] for k, v in brief.changes.items()], (140, 40)
    )
    if brief.new_lines:
        doc.para("Deal lines first active: " + ", ".join(brief.new_lines))

    doc.heading("County lines active")
    doc.grid(
        ["Deal line", "Status", "Score", "Known users", "Why"],
        [
            [
                line.number,
                line.status.title(),
                f"{line.score:.2f}",
                ", ".join(line.known_users) or "Not known",
                "; ".join(line.reasons[:2]),
            ]
            for line in brief.lines
        ],
        (30, 20, 14, 38, 78),
        "No phone is assessed as a deal line.",
    )

    doc.heading("Safeguard first")
    doc.grid(
        ["Person", "Age", "Referral", "Why"],
        _people(brief),
        (40, 20, 20, 100),
        "Nobody is waiting to be safeguarded.",
    )

    doc.heading("Possible bail breaches")
    doc.bullets(
        [f"{a.raised_at:%d %b %H:%M}: {a.summary}" for a in brief.breaches],
        "None waiting for an officer.",
    )

    doc.heading("Welfare visits")
    overdue_ids = {v.id for v in brief.visits_overdue}
    doc.grid(
        ["Address", "Due", "State"],
        [[v.address, f"{v.scheduled_for:%d %b %Y}", "overdue"] for v in brief.visits_overdue]
        + [
            [v.address, f"{v.scheduled_for:%d %b %Y}", "due"]
            for v in brief.visits_due
            if v.id not in overdue_ids
        ],
        (110, 35, 35),
        "No welfare visit is due or overdue.",
    )

    doc.heading("Hotspots and patrol plan")
    doc.grid(
        ["Rank", "Area", "Level", "Why"],
        [
            [h.rank, f"{h.name} ({h.place})", h.level.title(), "; ".join(h.reasons[:2])]
            for h in brief.hotspots
        ],
        (12, 48, 20, 100),
        "No hotspot.",
    )
    if brief.patrol is not None and brief.patrol.areas:
        plan = brief.patrol
        doc.para(
            f"Shift {plan.shift_start:02d}:00 to {plan.shift_end:02d}:00 covers "
            f"{round(plan.shift_share * 100)}% of recent timed events in these areas."
        )
        doc.grid(
            ["Area", "Patrol", "This month", "Last month"],
            [
                [
                    f"{a.place} ({a.name})",
                    f"{a.start_hour:02d}:00-{a.end_hour:02d}:00",
                    a.this_month,
                    a.last_month,
                ]
                for a in plan.areas
            ],
            (80, 40, 30, 30),
        )

    doc.heading("Intelligence gaps")
    doc.bullets(brief.gaps, "No gaps recorded.")

    doc.heading("Tasks")
    doc.grid(
        ["Open task", "Owner", "Due", "State"],
        [
            [
                t.title,
                t.owner or "Not assigned",
                f"{t.due_at:%d %b}" if t.due_at else "-",
                "overdue" if t in brief.overdue_tasks else t.status.lower(),
            ]
            for t in brief.open_tasks
        ],
        (95, 35, 25, 25),
        "No open tasks.",
    )
    doc.grid(
        ["Proposed task", "For", "By", "Why"],
        [[t.title, t.owner_role.title(), f"{t.due:%d %b}", t.reason] for t in brief.tasks],
        (75, 22, 18, 65),
        "No tasks proposed.",
    )
    return doc.output_bytes()
