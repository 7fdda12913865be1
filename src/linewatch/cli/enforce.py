"""`linewatch enforce ...`: enforcement records, bail breach checks and the ANPR hotlist."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from linewatch.cli.common import cli_access, console, open_store, parse_day, print_imports


def register(enforce_cli: typer.Typer) -> None:
    anpr_cli = typer.Typer(help="ANPR reads and the vehicles of interest.", no_args_is_help=True)
    enforce_cli.add_typer(anpr_cli, name="anpr")

    @enforce_cli.command(
        "import", help="Import warrants, arrests, bail, seizures, referrals, visits."
    )
    def enforce_import(path: Path) -> None:
        from linewatch.enforce import import_history

        access = cli_access(open_store(), "Importing enforcement records")
        print_imports([import_history(access, path)])

    @enforce_cli.command(
        "breaches", help="Check bail conditions against every source; warn of bail expiry."
    )
    def enforce_breaches(as_of: str = typer.Option(None, help="Date (YYYY-MM-DD).")) -> None:
        from linewatch.enforce import bail_expiry_warnings, detect_breaches

        access = cli_access(open_store(), "Bail condition monitoring")
        alerts = detect_breaches(access, parse_day(as_of))
        new = sum(1 for a in alerts if a.is_new)
        console.print(
            f"{len(alerts)} possible breaches for an officer to review ({new} new this run)."
        )
        for warning in bail_expiry_warnings(access, parse_day(as_of)):
            console.print(f"  {warning.summary}")

    @anpr_cli.command("import", help="Import an ANPR read file (CSV) and raise hotlist hits.")
    def anpr_import(path: Path) -> None:
        from linewatch.enforce import import_reads_with_hits

        if not path.is_file():
            raise typer.BadParameter(f"{path} is not a file")
        access = cli_access(open_store(), "ANPR reads against the vehicles of interest")
        result, hits = import_reads_with_hits(access, path)
        print_imports([result])
        new = [h for h in hits if h.is_new]
        console.print(f"{len(hits)} hotlist hits ({len(new)} new) raised for an officer.")
        for hit in new:
            console.print(f"  {hit.summary}")

    @anpr_cli.command("hotlist", help="List the live vehicles of interest.")
    def anpr_hotlist() -> None:
        from linewatch.enforce import vehicles_of_interest

        access = cli_access(open_store(), "Reviewing the ANPR hotlist")
        table = Table("VRM", "reason", "action", "handling", "expires")
        for entry in vehicles_of_interest(access):
            table.add_row(
                entry.vrm,
                f"{entry.reason_category}: {entry.reason}",
                entry.action_required,
                entry.handling_code,
                f"{entry.expires_at:%Y-%m-%d}",
            )
        console.print(table)
