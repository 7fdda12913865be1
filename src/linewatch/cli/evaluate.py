"""`linewatch evaluate grade`, `queue` and `process`: grading and the triage queue from a shell.

Grading is a person's judgement, so these act as a named user who signs in with their
password (prompted, or LINEWATCH_PASSWORD), and are audited on the CLI channel like the web
form on the screen channel; the rules are the same ``linewatch.evaluate`` ones.
"""

from __future__ import annotations

import typer
from rich.table import Table

from linewatch.access import Access, authenticate
from linewatch.cli.common import cli_access, console, open_store

GRADE_PURPOSE = "Grading an intelligence report"
QUEUE_PURPOSE = "Triage of new intelligence"


def _signed_in(user: str, password: str, purpose: str) -> Access:
    store = open_store()
    actor = authenticate(store, user, password)
    if actor is None:
        console.print(
            "[red]Sign-in refused: unknown user, wrong password or account inactive[/red]"
        )
        raise typer.Exit(2)
    return Access(store, actor, purpose, "CLI")


def _report_id(report: str) -> str:
    from linewatch.collect import report_id

    return report if report.startswith("report-") else report_id(report)


def register(evaluate_cli: typer.Typer) -> None:
    user_option = typer.Option(..., "--as", help="Your user id: you grade as yourself.")
    password_option = typer.Option(
        ..., prompt=True, hide_input=True, envvar="LINEWATCH_PASSWORD", help="Your password."
    )

    @evaluate_cli.command("grade", help="Grade a report in 3x5x2 (by reference or id).")
    def evaluate_grade(
        report: str,
        source: str = typer.Option(..., "--source", help="Source evaluation: 1, 2 or 3."),
        intel: str = typer.Option(..., "--intel", help="Intelligence assessment: A to E."),
        handling: str = typer.Option(..., "--handling", help="Handling code: P or C."),
        conditions: str = typer.Option(None, help="The conditions handling code C needs."),
        reason: str = typer.Option(
            None, help="Why: needed to move a report off E or to replace a legacy grade."
        ),
        user: str = user_option,
        password: str = password_option,
    ) -> None:
        from linewatch.access import AccessDenied
        from linewatch.evaluate import GradingError, grade

        access = _signed_in(user, password, GRADE_PURPOSE)
        try:
            record = grade(
                access, _report_id(report), source, intel, handling, conditions, reason=reason
            )
        except GradingError as exc:
            console.print(f"[red]Not graded:[/red] {exc}", highlight=False)
            raise typer.Exit(1) from None
        except LookupError:
            console.print(f"[red]No report {report}[/red]", highlight=False)
            raise typer.Exit(1) from None
        except AccessDenied as exc:
            console.print(f"[red]Refused:[/red] {exc}", highlight=False)
            raise typer.Exit(1) from None
        console.print(f"{report} graded {record.code} by {record.graded_by}", highlight=False)

    @evaluate_cli.command("queue", help="Your triage queue, with reports still processing.")
    def evaluate_queue(
        limit: int = typer.Option(20, help="How many reports to show."),
        user: str = user_option,
        password: str = password_option,
    ) -> None:
        from linewatch.access import AccessDenied
        from linewatch.evaluate import triage_queue

        access = _signed_in(user, password, QUEUE_PURPOSE)
        try:
            items = triage_queue(access, limit)
        except AccessDenied as exc:
            console.print(f"[red]Refused:[/red] {exc}", highlight=False)
            raise typer.Exit(1) from None
        table = Table("reference", "grading", "score", "status", "why")
        for item in items:
            status = "processing" if item.processing else ""
            if not item.sanitised:
                status = ", ".join(s for s in (status, "not sanitised") if s)
            mark = "[bold red]SAFEGUARDING[/] " if item.safeguarding else ""
            table.add_row(
                item.reference,
                item.grading,
                f"{item.score:.0f}",
                status,
                mark + "; ".join(item.reasons),
            )
        console.print(table)
        if not items:
            console.print("No reports are waiting to be triaged.")

    @evaluate_cli.command(
        "process", help="Process newly recorded reports now (near-duplicates) and seal the log."
    )
    def evaluate_process() -> None:
        from linewatch.access import audit
        from linewatch.evaluate.processing import drain

        store = cli_access(open_store(), "Processing newly recorded reports").store
        sealed = audit.seal(store)
        done = drain(store)
        console.print(
            f"{done.reports} report(s) processed, {done.duplicates} near-duplicate(s) linked; "
            f"{sealed} audit record(s) sealed"
        )
