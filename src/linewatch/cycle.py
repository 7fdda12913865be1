"""The intelligence cycle end to end, stage by stage, as the demo and scheduled runs drive it.

Each step calls one stage's public API; nothing here decides anything about the domain.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from time import perf_counter
from typing import Any

from linewatch.access import system_access
from linewatch.store import ImportResult, Store

Progress = Callable[[str], None]


@dataclass
class StepResult:
    stage: str
    summary: str
    seconds: float


@dataclass
class CycleReport:
    steps: list[StepResult] = field(default_factory=list)
    imports: list[ImportResult] = field(default_factory=list)

    def add(self, stage: str, summary: str, started: float) -> None:
        self.steps.append(StepResult(stage, summary, perf_counter() - started))


def run_cycle(
    store: Store, scenario_dir: Path, as_of: date, progress: Progress | None = None
) -> CycleReport:
    """Import a scenario folder and run every stage of the cycle over it."""
    from linewatch import collect, comms, enforce, network, resolve, safeguard

    say = progress or (lambda _message: None)
    access = system_access(store, "Scheduled County Lines intelligence processing")
    report = CycleReport()

    def step(stage: str, message: str, work: Callable[[], str]) -> None:
        say(message)
        started = perf_counter()
        report.add(stage, work(), started)

    def imports(results: list[ImportResult]) -> str:
        report.imports.extend(results)
        loaded = sum(r.rows_loaded for r in results)
        held = sum(r.rows_quarantined for r in results)
        return f"{loaded:,} records loaded, {held:,} quarantined"

    step(
        "collect",
        "Importing reports, partner records and ANPR reads",
        lambda: imports(collect.import_folder(access, scenario_dir)),
    )
    step(
        "comms",
        "Importing call data records",
        lambda: imports(comms.import_calls(access, scenario_dir / "calls")),
    )
    step(
        "enforce",
        "Importing enforcement and safeguarding history",
        lambda: imports([enforce.import_history(access, scenario_dir / "enforcement.json")]),
    )
    step(
        "resolve",
        "Resolving entities on exact identifiers",
        lambda: _describe(resolve.resolve_exact(access)),
    )
    step(
        "resolve",
        "Matching people probabilistically (Splink)",
        lambda: _describe(resolve.resolve_people(access)),
    )
    step("comms", "Analysing call records for deal lines", lambda: _describe(comms.analyse(access)))
    step("comms", "Finding runners and holders", lambda: _describe(comms.analyse_staff(access)))
    # Before the join below, so the vehicles it records meet the same plates named in reports.
    step(
        "comms",
        "Finding vehicles read by ANPR beside the runners' and holders' phones",
        lambda: _describe(comms.analyse_vehicles(access)),
    )
    # The analysis records the lines' and workers' phones as entities of their own; joining
    # them to the same numbers already known from reports and partner records is what puts
    # the people using them into the network.
    step(
        "resolve",
        "Joining the call records' phones to the numbers already known",
        lambda: _describe(resolve.resolve_exact(access)),
    )

    def safeguarding() -> str:
        risks = safeguard.assess_cuckooing_risk(access, as_of)
        visits = safeguard.schedule_visits(access, as_of)
        return f"{len(risks):,} addresses assessed for cuckooing; {len(visits):,} visits scheduled"

    def breaches() -> str:
        alerts = enforce.detect_breaches(access, as_of)
        new = sum(1 for alert in alerts if alert.is_new)
        return f"{len(alerts):,} possible bail breaches for an officer to review ({new:,} new)"

    def hotlist() -> str:
        alerts = enforce.raise_hits(access, as_of=as_of)
        new = sum(1 for alert in alerts if alert.is_new)
        return f"{len(alerts):,} ANPR hotlist hits for an officer to review ({new:,} new)"

    step("safeguard", "Assessing cuckooing risk and scheduling visits", safeguarding)
    # After safeguarding, so the picture's roles include the addresses assessed as cuckooed.
    step("network", "Building the network picture", lambda: _describe(network.build_graph(access)))
    step("enforce", "Checking bail exclusion conditions against ANPR", breaches)
    # Every read held, not one batch: the hotlist came in with the enforcement history, after
    # the reads, and an entry made since the last run must see the reads already imported.
    step("enforce", "Checking ANPR reads against the hotlist", hotlist)
    return report


def _describe(result: Any) -> str:
    """One line for a stage result: its own summary()."""
    return str(result.summary())
