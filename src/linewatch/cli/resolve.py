"""`linewatch resolve run | review | show | accept | reject | split`: shells over ``resolve``.

A pair is named by its number in the review queue, or by its two record ids as ``A,B``.
"""

from __future__ import annotations

import typer
from rich.table import Table

from linewatch.access import Access
from linewatch.cli.common import cli_access, console, open_store

PAIR_HELP = "A pair's number in the review queue, or its two record ids as A,B."
REASON = typer.Option(..., "--reason", help="Why: what was checked (kept with the decision).")


def _pair(access: Access, pair: str) -> tuple[str, str]:
    from linewatch.resolve import queued_judgement

    if pair.strip().isdigit():
        try:
            judgement = queued_judgement(access, int(pair))
        except LookupError as exc:
            raise typer.BadParameter(str(exc), param_hint="PAIR") from None
        return judgement.left_id, judgement.right_id
    ids = [part.strip() for part in pair.split(",")]
    if len(ids) != 2 or not all(ids):
        raise typer.BadParameter(f"{pair!r}: {PAIR_HELP}", param_hint="PAIR")
    return ids[0], ids[1]


def _decide(pair: str, verdict: str, reason: str) -> None:
    from linewatch.resolve import ResolveConflict, judge

    access = cli_access(open_store(), "Deciding whether two records are one person")
    left, right = _pair(access, pair)
    try:
        decision = judge(access, left, right, verdict, reason)
    except (LookupError, ResolveConflict, ValueError) as exc:
        console.print(f"Not recorded: {exc}")
        raise typer.Exit(1) from None
    where = (
        f"both now belong to {decision.left_canonical}"
        if decision.left_canonical == decision.right_canonical
        else f"they stand apart ({decision.left_canonical}, {decision.right_canonical})"
    )
    console.print(f"Recorded {verdict.lower()} on {left}, {right}: {where}.")


def register(resolve_cli: typer.Typer) -> None:
    @resolve_cli.command(
        "run", help="Exact identifiers, then Splink: merge sure pairs, queue the rest."
    )
    def resolve_run(
        backend: str = typer.Option(
            None, help="duckdb or spark (default LINEWATCH_RESOLVE_BACKEND)."
        ),
    ) -> None:
        from linewatch.resolve import resolve_exact, resolve_people
        from linewatch.resolve.linkage import configured_backend

        try:
            chosen = configured_backend(backend)
        except (ValueError, RuntimeError) as exc:
            raise typer.BadParameter(str(exc), param_hint="--backend") from None
        access = cli_access(open_store(), "Resolving entities")
        console.print(resolve_exact(access).summary())
        console.print(resolve_people(access, backend=chosen).summary())

    @resolve_cli.command("review", help="The review queue: pairs waiting for an analyst.")
    def resolve_review(limit: int = typer.Option(50, help="How many pairs to list.")) -> None:
        from linewatch.resolve import review_queue_items

        items = review_queue_items(cli_access(open_store(), "Reviewing record matches"), limit)
        if not items:
            console.print("No record matches are waiting for review.")
            return
        table = Table("pair", "records", "probability", "strongest evidence")
        for item in items:
            j = item.judgement
            table.add_row(
                str(j.id),
                f"{item.left_caption} ({j.left_id})\n{item.right_caption} ({j.right_id})",
                f"{j.score:.3f}" if j.score is not None else "",
                j.reason.split("strongest evidence: ", 1)[-1],
            )
        console.print(table)

    @resolve_cli.command("show", help="One pair: both records side by side and the weights.")
    def resolve_show(pair: str = typer.Argument(..., help=PAIR_HELP)) -> None:
        from linewatch.resolve import review_pair

        access = cli_access(open_store(), "Deciding whether two records are one person")
        left, right = _pair(access, pair)
        try:
            shown = review_pair(access, left, right)
        except LookupError as exc:
            raise typer.BadParameter(str(exc), param_hint="PAIR") from None
        sides = Table("", shown.left_id, shown.right_id)
        for label, left_value, right_value in shown.sides():
            sides.add_row(label, left_value or "-", right_value or "-")
        console.print(sides)
        weights = Table("comparison", "level", "weight", "Bayes factor", "probability so far")
        for step in shown.waterfall:
            weights.add_row(
                step.comparison,
                step.level,
                f"{step.weight:+.2f}",
                f"{step.bayes_factor:.3g}",
                f"{step.probability:.4f}",
            )
        if shown.waterfall:
            console.print(weights)
        state = "merged" if shown.merged else "not merged"
        console.print(f"The records are {state}.")

    @resolve_cli.command("accept", help="Accept a pair: the two records become one entity.")
    def resolve_accept(
        pair: str = typer.Argument(..., help=PAIR_HELP), reason: str = REASON
    ) -> None:
        _decide(pair, "POSITIVE", reason)

    @resolve_cli.command("reject", help="Reject a pair: the records are kept apart from now on.")
    def resolve_reject(
        pair: str = typer.Argument(..., help=PAIR_HELP), reason: str = REASON
    ) -> None:
        _decide(pair, "NEGATIVE", reason)

    @resolve_cli.command("split", help="Take a record out of the entity it was merged into.")
    def resolve_split(
        entity: str = typer.Argument(..., help="The record id to take out."), reason: str = REASON
    ) -> None:
        from linewatch.resolve import detach

        access = cli_access(open_store(), "Undoing a merge of records")
        try:
            decisions = detach(access, entity, reason)
        except (LookupError, ValueError) as exc:
            console.print(f"Not split: {exc}")
            raise typer.Exit(1) from None
        apart = {d.judgement.left_id for d in decisions} | {d.judgement.right_id for d in decisions}
        others = ", ".join(sorted(apart - {entity}))
        console.print(f"{entity} now stands alone; kept apart from {others}.")
