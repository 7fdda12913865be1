"""``linewatch demo``: the synthetic Rutland world, the whole cycle, then the web app."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from time import perf_counter

import typer
from rich.table import Table

from linewatch import settings
from linewatch.cli.common import cli_access, console, progress_bar
from linewatch.store import Store


def _fresh_data_dir() -> None:
    """The demo rebuilds its own embedded database; it never touches a configured server."""
    if settings.get("database_url"):
        return
    root = settings.data_dir()
    for name in ("linewatch.db", "linewatch.db-wal", "linewatch.db-shm"):
        (root / name).unlink(missing_ok=True)
    for folder in ("calls", "scenario"):
        shutil.rmtree(root / folder, ignore_errors=True)


def demo(
    no_serve: bool = typer.Option(False, "--no-serve", help="Exit after the briefing."),
    scale: str = typer.Option("demo", help="Scenario size: demo, small or large."),
    seed: int = typer.Option(2026, help="Random seed of the synthetic world."),
) -> None:
    from linewatch.access import seed_demo_users
    from linewatch.cycle import run_cycle
    from linewatch.scenario import generate
    from linewatch.tasking import briefing

    started = perf_counter()
    today = datetime.now(UTC).date()
    _fresh_data_dir()
    scenario_dir = settings.data_dir() / "scenario"
    with progress_bar() as bar:
        task = bar.add_task("Generating the synthetic Rutland world", total=None)

        def tick(stage: str, done: int, total: int) -> None:
            bar.update(task, description=f"Generating {stage}", completed=done, total=total)

        generate(scenario_dir, scale=scale, seed=seed, as_of=today, progress=tick)
    console.print(f"[green]✓[/] Synthetic Rutland world written to {scenario_dir}")

    store = Store()
    store.migrate()
    users = seed_demo_users(store)
    with progress_bar() as bar:
        task = bar.add_task("Running the cycle", total=None)
        report = run_cycle(
            store, scenario_dir, today, lambda msg: bar.update(task, description=msg)
        )
    for step in report.steps:
        console.print(f"[green]✓[/] {step.stage:<10} {step.summary} [dim]({step.seconds:.1f}s)[/]")

    console.rule("Tasking briefing")
    briefing(cli_access(store, "Tactical tasking briefing"), today).print(console)
    console.rule()
    console.print(f"Demo built in {perf_counter() - started:.1f}s on {store.dialect}.")

    table = Table("user", "password", "role", title="Demo users (synthetic data only)")
    for user in users:
        table.add_row(user.user_id, user.password, user.role.label)
    console.print(table)
    if no_serve:
        return
    from linewatch.web import serve

    host, port = settings.get("host"), settings.get("port")
    console.print(f"Serving Linewatch on http://{host}:{port}  (Ctrl+C to stop)")
    serve(store, host, port)
