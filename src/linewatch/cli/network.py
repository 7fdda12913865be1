"""`linewatch network export` and `linewatch network disrupt`: shells over the network package."""

from __future__ import annotations

from pathlib import Path

import rustworkx as rx
import typer
from rich.table import Table

from linewatch.cli.common import cli_access, console, open_store


def _source_graph(matrix: Path | None, edges: Path | None) -> tuple[rx.PyGraph, dict[str, str]]:
    """The graph to work on (a file the analyst brings, or the picture) and display names."""
    from linewatch.network import build_graph, read_edge_list, read_matrix

    if matrix is not None:
        network = read_matrix(matrix)
        return network.graph, {label: label for label in network.labels}
    if edges is not None:
        network = read_edge_list(edges)
        return network.graph, {label: label for label in network.labels}
    picture = build_graph(cli_access(open_store(), "Disruption planning"))
    return picture.graph, {n.id: n.caption for n in picture.nodes.values()}


def register(network_cli: typer.Typer) -> None:
    @network_cli.command("export", help="Export the picture (or one entity's network) to a file.")
    def network_export(
        output: Path,
        fmt: str = typer.Option("anx", "--format", help="anx, graphml, gexf, ftm or csv."),
        around: str = typer.Option(None, help="Only this entity's network (its id)."),
        hops: int = typer.Option(2, help="Steps out from --around."),
        recipient: str = typer.Option(None, help="Who it is disclosed to, if anyone."),
    ) -> None:
        from linewatch.access import AccessDenied
        from linewatch.network import (
            FORMATS,
            build_graph,
            export,
            infer_roles,
            neighbourhood,
            roles_by_subject,
        )

        if fmt not in FORMATS:
            raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
        access = cli_access(open_store(), "Network export for analysis")
        picture = build_graph(access)
        roles = roles_by_subject(infer_roles(picture))
        if around is not None:
            if around not in picture.index:
                raise typer.BadParameter(f"{around!r} is not in the picture")
            picture = neighbourhood(picture, around, hops)
        try:
            text = export(access, picture, fmt, roles, recipient=recipient)
        except AccessDenied as denied:
            console.print(f"Not exported: {denied}")
            raise typer.Exit(1) from None
        output.write_text(text, encoding="utf-8")
        console.print(
            f"Wrote {len(picture.nodes):,} entities and {picture.graph.num_edges():,} links "
            f"to {output} ({fmt}); the export is recorded in the audit log."
        )

    @network_cli.command("disrupt", help="Simulate removing people; show the network shrink.")
    def network_disrupt(
        matrix: Path = typer.Option(None, help="An adjacency matrix (CSV) instead of the picture."),
        edges: Path = typer.Option(None, help="An edge list (source,target,weight) instead."),
        remove: str = typer.Option(None, help="The analyst's own list, comma-separated."),
        removals: int = typer.Option(5, help="How many people each strategy removes."),
        block: int = typer.Option(1, help="How many go at once (a raid)."),
        successors_of: str = typer.Option(None, help="Who would take over from this person."),
    ) -> None:
        from linewatch.network import STRATEGIES, simulate, successors

        graph, names = _source_graph(matrix, edges)
        strategies: list[str | list[str]] = list(STRATEGIES)
        if remove:
            strategies.append([label.strip() for label in remove.split(",")])
        table = Table("strategy", "removed", "largest connected part after each step")
        for strategy in strategies:
            curve = simulate(graph, strategy, removals=removals, block=block)
            table.add_row(
                curve.strategy,
                ", ".join(names.get(label, label) for label in curve.removed),
                " > ".join(f"{100 * share:.0f}%" for _, share in curve.points()),
            )
        console.print(table)
        if successors_of:
            if successors_of not in names:
                raise typer.BadParameter(f"{successors_of!r} is not in the network")
            console.print(f"Who would likely take over from {names[successors_of]}:")
            found = successors(graph, successors_of, names=names)
            for s in found:
                console.print(f"  {names.get(s.label, s.label)}: {'; '.join(s.reasons)}")
            if not found:
                console.print("  no one near them gains from their removal")
