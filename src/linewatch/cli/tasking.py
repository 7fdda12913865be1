"""Commands for tasking and review: open crime data, hotspots, the patrol plan, the briefing
(text, JSON or PDF) and the PCC's report (text, HTML, PDF or CSV)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import typer

from linewatch.cli.common import cli_access, console, open_store, parse_day, print_imports


def _day(value: str | None) -> date:
    return parse_day(value) or datetime.now(UTC).date()


def register(tasking_cli: typer.Typer, review_cli: typer.Typer) -> None:
    """Add the tasking and review commands to their groups."""

    @tasking_cli.command("import-crime", help="Import data.police.uk street-level crime files.")
    def import_crime(
        files: list[Path] = typer.Argument(
            None, help="YYYY-MM-<force>-street.csv files; none: the bundled Rutland extract."
        ),
    ) -> None:
        from linewatch import tasking

        access = cli_access(open_store(), "Importing open crime data")
        paths = files or [tasking.bundled_crime_file()]
        print_imports([tasking.import_crime(access, path) for path in paths])

    @tasking_cli.command("hotspots", help="Where to patrol: LSOAs and wards, with reasons.")
    def hotspots(
        as_of: str = typer.Option(None, help="Date (YYYY-MM-DD); default today."),
        top: int = typer.Option(10, help="How many areas to list."),
        svg: Path = typer.Option(None, help="Write the map as SVG here."),
    ) -> None:
        from linewatch import tasking

        picture = tasking.hotspots(cli_access(open_store(), "Planning patrols"), _day(as_of))
        for spot in picture.top("lsoa", top):
            console.print(f"[bold]{spot.rank}. {spot.place}[/] ({spot.name}) {spot.level.lower()}")
            for reason in spot.reasons:
                console.print(f"     {reason}")
        if svg is not None:
            svg.write_text(tasking.hotspot_map(picture), encoding="utf-8")
            console.print(f"Map written to {svg}.")

    @tasking_cli.command("patrol", help="The patrol plan for a shift: areas, times and why.")
    def patrol(as_of: str = typer.Option(None, help="Date (YYYY-MM-DD); default today.")) -> None:
        from linewatch import tasking

        plan = tasking.patrol_plan(cli_access(open_store(), "Planning patrols"), _day(as_of))
        console.print(f"Shift {plan.shift_start:02d}:00 to {plan.shift_end:02d}:00")
        for area in plan.areas:
            console.print(
                f"[bold]{area.rank}. {area.place}[/] ({area.name}) "
                f"{area.start_hour:02d}:00-{area.end_hour:02d}:00; events this month "
                f"{area.this_month}, last month {area.last_month}"
            )
            for reason in area.reasons:
                console.print(f"     {reason}")

    @tasking_cli.command("brief", help="The tasking briefing as text, JSON or PDF.")
    def brief(
        as_of: str = typer.Option(None, help="Date (YYYY-MM-DD); default today."),
        as_json: bool = typer.Option(False, "--json", help="Write JSON instead of text."),
        pdf: Path = typer.Option(None, "--pdf", help="Write the briefing as PDF to this file."),
    ) -> None:
        from linewatch.tasking import briefing, briefing_pdf

        result = briefing(cli_access(open_store(), "Tactical tasking briefing"), _day(as_of))
        if pdf is not None:
            pdf.write_bytes(briefing_pdf(result))
            console.print(f"Briefing written to {pdf}.")
        elif as_json:
            console.print_json(json.dumps(result.to_dict(), default=str))
        else:
            result.print(console)

    @review_cli.command("pcc", help="Performance figures for the PCC (aggregates only).")
    def pcc(
        since: str = typer.Option(None, help="Start date (YYYY-MM-DD); default 1 January."),
        until: str = typer.Option(None, help="End date (YYYY-MM-DD); default today."),
        format: str = typer.Option("text", help="text, html, pdf or csv."),
        out: Path = typer.Option(None, help="File to write (html, pdf, csv); default stdout."),
    ) -> None:
        from linewatch import review

        end = _day(until)
        start = parse_day(since) or date(end.year, 1, 1)
        if format not in ("text", "html", "pdf", "csv"):
            raise typer.BadParameter("choose text, html, pdf or csv", param_hint="--format")
        access = cli_access(open_store(), "PCC performance reporting")
        figures = review.pcc_figures(access, start, end)
        if format == "text":
            figures.print(console)
            return
        if format == "pdf":
            target = out or Path(f"pcc-performance-{start}-to-{end}.pdf")
            target.write_bytes(review.pcc_pdf(figures))
            console.print(f"Report written to {target}.")
            return
        text = review.pcc_html(figures) if format == "html" else review.pcc_csv(figures)
        if out is None:
            typer.echo(text, nl=False)
        else:
            out.write_text(text, encoding="utf-8")
            console.print(f"Report written to {out}.")
