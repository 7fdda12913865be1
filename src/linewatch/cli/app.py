"""Command groups, one per stage of the cycle. Each command calls that stage's public API."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.table import Table

from linewatch import settings
from linewatch.cli.common import (
    cli_access,
    console,
    open_store,
    parse_day,
    print_imports,
    progress_bar,
)
from linewatch.cli.comms import register as register_comms
from linewatch.cli.comms import report_staff
from linewatch.cli.demo import demo
from linewatch.cli.enforce import register as register_enforce
from linewatch.cli.evaluate import register as register_evaluate
from linewatch.cli.network import register as register_network
from linewatch.cli.resolve import register as register_resolve
from linewatch.cli.tasking import register as register_tasking

app = typer.Typer(
    help="Linewatch: County Lines intelligence, from scraps of information to disruption.",
    no_args_is_help=True,
    add_completion=False,
)
app.command(help="Build the synthetic Rutland world, run the whole cycle and serve the web app.")(
    demo
)


def _group(name: str, help_text: str) -> typer.Typer:
    group = typer.Typer(help=help_text, no_args_is_help=True)
    app.add_typer(group, name=name)
    return group


db_cli = _group("db", "The system of record: migrations.")
users_cli = _group("users", "Users and roles.")
scenario_cli = _group("scenario", "The synthetic Rutland world and its ground truth.")
collect_cli = _group("collect", "Intake: reports, partner records, ANPR reads.")
evaluate_cli = _group("evaluate", "Grading and triage of intelligence.")
resolve_cli = _group("resolve", "Entity resolution.")
comms_cli = _group("comms", "Communications data: call records and deal lines.")
network_cli = _group("network", "The picture as a graph.")
safeguard_cli = _group("safeguard", "Vulnerable people and addresses, visits.")
enforce_cli = _group("enforce", "Warrants, arrests, bail and breaches.")
tasking_cli = _group("tasking", "The tasking briefing.")
review_cli = _group("review", "Performance for the Police and Crime Commissioner.")
audit_cli = _group("audit", "The DPA 2018 s.62 audit log.")


@app.command("settings", help="List every LINEWATCH_* setting, its value and what it does.")
def show_settings(
    as_markdown: bool = typer.Option(False, "--markdown", help="Print docs/settings.md."),
) -> None:
    if as_markdown:
        print(settings.markdown(), end="")
        return
    table = Table("variable", "value", "help")
    for setting in settings.SETTINGS:
        table.add_row(setting.env_var, str(settings.get(setting.name)), setting.help)
    console.print(table)


@app.command(help="Serve the web app.")
def serve(
    host: str = typer.Option(None, help="Address to listen on (default LINEWATCH_HOST)."),
    port: int = typer.Option(None, help="Port to listen on (default LINEWATCH_PORT)."),
) -> None:
    from linewatch.web import serve as serve_web

    serve_web(open_store(), host or settings.get("host"), port or settings.get("port"))


@db_cli.command("migrate", help="Create or upgrade the database schema.")
def db_migrate() -> None:
    store = open_store()
    console.print(f"Schema is up to date on {store.dialect}.")


@users_cli.command("seed-demo", help="Create the demo organisations and one user per role.")
def users_seed() -> None:
    from linewatch.access import seed_demo_users

    for user in seed_demo_users(open_store()):
        console.print(f"  {user.user_id:<12} {user.password:<24} {user.role.label}")


@users_cli.command("issue-token", help="Issue an API token for a partner or neighbouring force.")
def users_issue_token(organisation: str) -> None:
    from linewatch.access import issue_api_token

    store = open_store()
    with store.begin() as conn:
        token = issue_api_token(conn, organisation)
    console.print(f"API token for {organisation} (shown once; only its hash is kept):")
    print(token)


@scenario_cli.command("generate", help="Write a synthetic scenario in the importers' formats.")
def scenario_generate(
    out: Path = typer.Option(..., help="Folder to write into."),
    scale: str = typer.Option("demo", help="demo, small or large."),
    seed: int = typer.Option(2026, help="Random seed: the same seed gives the same world."),
    as_of: str = typer.Option(None, help="The scenario's today (YYYY-MM-DD); default today."),
) -> None:
    from linewatch.scenario import generate

    with progress_bar() as bar:
        task = bar.add_task("Generating", total=None)

        def tick(stage: str, done: int, total: int) -> None:
            bar.update(task, description=f"Generating {stage}", completed=done, total=total)

        manifest = generate(out, scale=scale, seed=seed, as_of=parse_day(as_of), progress=tick)
    console.print(f"Wrote the {scale} scenario to {out} (as of {manifest.as_of}).")


@scenario_cli.command(
    "force-network", help="Write a synthetic force-scale network (Parquet) with its truth."
)
def scenario_force_network(
    out: Path = typer.Option(..., help="Folder to write into."),
    people: int = typer.Option(200_000, help="Synthetic people; a deal line per 200."),
    seed: int = typer.Option(2026, help="Random seed: the same seed gives the same network."),
) -> None:
    from linewatch.scenario import generate_force_network, write_force_network

    net = generate_force_network(people, seed=seed)
    write_force_network(net, out)
    console.print(
        f"Wrote {net.nodes:,} nodes and {len(net.edges):,} links "
        f"({net.truth.lines:,} deal lines) to {out}."
    )


@collect_cli.command(
    "import",
    help="Import a scenario folder, one reports/people/ANPR file, or with --from a partner's "
    "report file (CSV, JSON Lines or XLSX; docs/formats.md).",
)
def collect_import(
    path: Path,
    from_org: str = typer.Option(
        None, "--from", help="Id of the organisation that sent a partner report file."
    ),
) -> None:
    from linewatch import collect

    access = cli_access(open_store(), "Importing intelligence and partner records")
    if from_org is not None:
        from linewatch.cli.intake import import_partner

        import_partner(access, path, from_org)
        return
    if path.is_dir():
        results = collect.import_folder(access, path)
    elif path.name.startswith("reports"):
        results = [collect.import_reports(access, path)]
    elif path.name.startswith("anpr"):
        results = [collect.import_anpr(access, path)]
    else:
        results = [collect.import_person_records(access, path)]
    print_imports(results)


@evaluate_cli.command("triage", help="The triage queue: safeguarding first, then threat and harm.")
def evaluate_triage(limit: int = typer.Option(20, help="How many reports to show.")) -> None:
    from linewatch.evaluate import triage_queue

    table = Table("reference", "channel", "score", "why")
    for item in triage_queue(cli_access(open_store(), "Triage of new intelligence"), limit):
        mark = "[bold red]SAFEGUARDING[/] " if item.safeguarding else ""
        table.add_row(
            item.reference, item.channel, f"{item.score:.2f}", mark + "; ".join(item.reasons)
        )
    console.print(table)


register_evaluate(evaluate_cli)


@resolve_cli.command("exact", help="Merge records that share an exact identifier.")
def resolve_exact_cmd() -> None:
    from linewatch.resolve import resolve_exact

    result = resolve_exact(cli_access(open_store(), "Resolving entities"))
    console.print(result.summary())


register_resolve(resolve_cli)


@comms_cli.command(
    "import", help="Import call data records (Parquet, CSV or XLSX; a production or a folder)."
)
def comms_import(
    path: Path,
    preset: str = typer.Option(
        "", help="Column layout (canonical, a-b-party, target-direction); default: by header."
    ),
) -> None:
    from linewatch.comms import PRESETS, import_calls

    if preset and preset not in PRESETS:
        raise typer.BadParameter(f"presets are {', '.join(PRESETS)}", param_hint="--preset")
    access = cli_access(open_store(), "Importing communications data")
    with progress_bar() as bar:
        task = bar.add_task("Importing call data", total=None)

        def tick(message: str, done: int, total: int) -> None:
            bar.update(task, description=message, completed=done, total=total)

        results = import_calls(access, path, mapping=PRESETS.get(preset), on_file=tick)
    print_imports(results)


@comms_cli.command("analyse", help="Find deal lines in the imported call records.")
def comms_analyse() -> None:
    from linewatch.comms import analyse

    with progress_bar() as bar:
        task = bar.add_task("Analysing call records", total=None)
        access = cli_access(open_store(), "Communications analysis")
        result = analyse(access, lambda message: bar.update(task, description=message))
    console.print(result.summary())
    report_staff(access)


@network_cli.command("summary", help="Build the network and list its key players.")
def network_summary(top: int = typer.Option(10, help="How many key players to list.")) -> None:
    from linewatch.network import build_graph, key_players

    picture = build_graph(cli_access(open_store(), "Network analysis"))
    console.print(picture.summary())
    for player in key_players(picture, top=top):
        console.print(f"  {player}")


# --- network: exports and disruption simulation ----------------------------------------------
register_network(network_cli)
register_comms(comms_cli)


@safeguard_cli.command("schedule", help="Assess cuckooing risk, schedule and route welfare visits.")
def safeguard_schedule(
    as_of: str = typer.Option(None, help="Date (YYYY-MM-DD)."),
    ics: Path = typer.Option(None, help="Write the week's routed visits as iCalendar here."),
) -> None:
    from linewatch import safeguard

    access = cli_access(open_store(), "Safeguarding visit planning")
    day = parse_day(as_of) or datetime.now(UTC).date()
    risks = safeguard.assess_cuckooing_risk(access, day)
    visits = safeguard.schedule_visits(access, day)
    console.print(f"{len(risks)} addresses assessed; {len(visits)} visits scheduled.")
    if safeguard.neighbourhood_officers(access):
        given = safeguard.assign_visits(access, day)
        console.print(f"{sum(map(len, given.values()))} visits assigned to {len(given)} officers.")
    shifts = safeguard.plan_shifts(access, day)
    for shift in shifts:
        console.print(
            f"  {shift.officer or 'unassigned'}: {len(shift.stops)} stops, "
            f"{shift.distance_km:.1f} km, {len(shift.overdue)} overdue"
            + (f", {len(shift.unplaced)} not placed on the map" if shift.unplaced else "")
        )
    if ics is not None:
        ics.write_bytes(safeguard.visits_calendar(shifts))
        console.print(f"Calendar written to {ics}.")


# --- enforce: enforcement records, bail breaches, ANPR ----------------------------------------
register_enforce(enforce_cli)


# --- tasking and review: crime data, hotspots, patrol plan, briefing, PCC report ---------------
register_tasking(tasking_cli, review_cli)


@audit_cli.command("verify", help="Check the audit log's hash chain; name the first broken record.")
def audit_verify() -> None:
    from linewatch.access import audit

    result = audit.verify(open_store())
    console.print(result.message())
    if not result.ok:
        raise typer.Exit(1)
