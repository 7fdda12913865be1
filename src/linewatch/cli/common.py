"""What every command shares: the console, the store, the acting user and progress bars."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from linewatch.access import Access, system_access
from linewatch.store import ImportResult, Store

# Output sent to a file or a pipe is read by tools (grep, a test, a log), not by a person at a
# terminal: give it room so that table cells such as references are never wrapped mid-word.
console = Console(width=None if sys.stdout.isatty() else 200)


def open_store() -> Store:
    store = Store()
    store.migrate()
    return store


def cli_access(store: Store, purpose: str) -> Access:
    """Commands run as the scheduled-processing account, audited on the CLI channel."""
    return system_access(store, purpose, channel="CLI")


def parse_day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


@contextmanager
def progress_bar() -> Iterator[Progress]:
    with Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        yield progress


def print_imports(results: list[ImportResult]) -> None:
    for result in results:
        console.print(f"  {result.summary()}")
        for problem in result.problems[:5]:
            console.print(f"    [yellow]{problem}[/yellow]")
        if len(result.problems) > 5:
            console.print(f"    [yellow]... and {len(result.problems) - 5} more[/yellow]")
