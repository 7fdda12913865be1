"""The runner and holder side of `linewatch comms`: who works each deal line, and why."""

from __future__ import annotations

import typer
from rich.table import Table

from linewatch.access import Access
from linewatch.cli.common import cli_access, console, open_store


def report_staff(access: Access, reasons: bool = False) -> None:
    """Find, record and print the runner and holder phones of every current deal line."""
    from linewatch.comms import analyse_staff

    result = analyse_staff(access)
    console.print(result.summary())
    users = {(a.line, a.phone.number): a.people for a in result.attributions}
    for staff in result.staff:
        hub = staff.hub.label if staff.hub else "not found"
        console.print(f"\nDeal line {staff.line}, run from its hub: {hub}")
        table = Table("Phone", "Role", "Score", "Journeys", "Used by")
        table.columns[0].no_wrap = True
        for phone in staff.holders + staff.runners:
            people = users.get((staff.line, phone.number), [])
            table.add_row(
                phone.number,
                phone.role.replace("_", " ").lower(),
                f"{phone.score:.2f}",
                str(len(phone.selling_travel_days)),
                ", ".join(p.caption for p in people) or "not in the picture",
            )
            if reasons:
                for reason in phone.reasons:
                    table.add_row("", "", "", "", f"- {reason}")
        console.print(table)


def register(comms_cli: typer.Typer) -> None:
    @comms_cli.command("staff", help="Find the runners and holders of the current deal lines.")
    def comms_staff(
        reasons: bool = typer.Option(False, "--reasons", help="Print why, phone by phone."),
    ) -> None:
        report_staff(cli_access(open_store(), "Communications analysis"), reasons)
