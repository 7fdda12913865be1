"""`linewatch collect import FILE --from ORG`: a partner's report file, with a progress bar and
a summary of what was accepted, what was already held and what was quarantined, and why."""

from __future__ import annotations

from pathlib import Path

import typer

from linewatch.access import Access
from linewatch.cli.common import console, progress_bar
from linewatch.store import ImportResult

SHOWN_REASONS = 20


def import_partner(access: Access, path: Path, organisation: str) -> ImportResult:
    from linewatch import collect

    try:
        with progress_bar() as bar:
            task = bar.add_task(f"Importing {path.name}", total=None)

            def tick(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            result = collect.import_partner_file(access, path, organisation, progress=tick)
    except collect.FileRejected as exc:
        console.print(f"[red]Refused:[/red] {exc}")
        raise typer.Exit(1) from None
    except (LookupError, ValueError) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    print_summary(result)
    if result.rows_loaded:
        from linewatch.evaluate.processing import drain, pending_count

        # No web app may be running to process the new reports: do it before returning.
        with progress_bar() as bar:
            waiting = pending_count(access.store)
            task = bar.add_task("Comparing with earlier reports", total=waiting)
            done = drain(access.store, lambda n: bar.update(task, completed=n))
        console.print(f"  near-duplicates linked: {done.duplicates}")
    return result


def print_summary(result: ImportResult) -> None:
    if result.already_imported:
        console.print(
            f"{result.file_name}: already imported (batch {result.duplicate_of_batch}); "
            "nothing added"
        )
        return
    duplicates = result.rows_total - result.rows_loaded - result.rows_quarantined
    console.print(f"{result.file_name} (batch {result.batch_id}): {result.rows_total} rows")
    console.print(f"  accepted     {result.rows_loaded}")
    console.print(f"  duplicates   {duplicates} (already held: nothing added)")
    console.print(f"  quarantined  {result.rows_quarantined}")
    reasons = [p for p in result.problems if "already held" not in p]
    for reason in reasons[:SHOWN_REASONS]:
        console.print(f"    [yellow]{reason}[/yellow]", highlight=False)
    if len(reasons) > SHOWN_REASONS:
        console.print(f"    [yellow]... and {len(reasons) - SHOWN_REASONS} more[/yellow]")
    if result.rows_quarantined:
        console.print("  Quarantined rows can be corrected and re-submitted (collect.resubmit).")
