"""Every Linewatch setting in one declarative list, read from ``LINEWATCH_*`` variables.

The list drives the environment, the CLI's ``linewatch settings`` table and docs/settings.md,
and a test fails when a setting here is missing from the docs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str

    @property
    def env_var(self) -> str:
        return f"LINEWATCH_{self.name.upper()}"


SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", "var", "Folder for the embedded database, Parquet call data and exports."),
    Setting(
        "database_url",
        "",
        "SQLAlchemy URL of the system of record; empty means SQLite at DATA_DIR/linewatch.db. "
        "Use postgresql+psycopg://user@host/db for a force deployment.",
    ),
    Setting(
        "audit_justification_required",
        True,
        "Require a stated purpose on every consultation and disclosure (DPA 2018 s.62). Set to "
        "false only if the force confirms the DUAA 2025 change is in force and policy allows it.",
    ),
    Setting("visit_cadence_high_days", 7, "Days between visits to an address at high risk."),
    Setting("visit_cadence_medium_days", 14, "Days between visits to an address at medium risk."),
    Setting("visit_cadence_low_days", 28, "Days between visits to an address at low risk."),
    Setting(
        "pcc_suppression_threshold",
        3,
        "Counts below this (and above zero) are shown as '<N' to the PCC office, so that "
        "small numbers cannot identify a person.",
    ),
    Setting("deal_line_threshold", 0.6, "Score at or above which a phone is flagged a deal line."),
    Setting("anpr_retention_days", 365, "Days ANPR reads are kept before automatic purge."),
    Setting("bail_expiry_warning_days", 14, "Days before bail expiry that an alert is raised."),
    Setting(
        "bail_initial_months",
        3,
        "Months of a standard case's applicable bail period from the bail start (PACE s.47ZB).",
    ),
    Setting(
        "bail_inspector_months",
        6,
        "Months from the bail start an inspector or above may extend bail to (PACE s.47ZD).",
    ),
    Setting(
        "bail_superintendent_months",
        9,
        "Months from the bail start a superintendent or above may extend bail to (PACE s.47ZE); "
        "beyond this only a magistrates' court may extend.",
    ),
    Setting(
        "tasking_cadence_days",
        14,
        "Days between tactical tasking meetings; the briefing reports what changed since the last.",
    ),
    Setting(
        "hotspot_half_life_days",
        28,
        "Days after which an event counts half as much towards a hotspot (exponential decay).",
    ),
    Setting(
        "hotspot_crime_share",
        0.25,
        "Share of the hotspot score given by published police.uk street crime (0 to below 1); "
        "the rest comes from Linewatch's own intelligence and events.",
    ),
    Setting(
        "patrol_shift_hours",
        8,
        "Length of a patrol shift; the patrol plan picks the busiest hours of that length.",
    ),
    Setting(
        "public_report_limit",
        "10/hour",
        "Most reports the public form takes from one client address in a sliding window "
        "(e.g. 10/hour); counted in memory under a keyed hash, never stored.",
    ),
    Setting(
        "form_secret",
        "",
        "Key that signs the public report form's one-time token; empty means a random key per "
        "process (set it when several processes serve the form).",
    ),
    Setting(
        "resolve_backend",
        "duckdb",
        "Engine for probabilistic person matching (Splink): duckdb (embedded) or spark (a "
        "national deployment; needs pyspark and Java installed next to Linewatch).",
    ),
    Setting("host", "127.0.0.1", "Address the web app listens on."),
    Setting("port", 8000, "Port the web app listens on."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def _coerce(raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    return raw


def get(name: str) -> Any:
    """The value of one setting: its environment variable if set, else its default."""
    setting = _BY_NAME[name]
    raw = os.environ.get(setting.env_var)
    return setting.default if raw is None else _coerce(raw, setting.default)


def data_dir() -> Path:
    path = Path(get("data_dir"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url() -> str:
    url: str = get("database_url")
    return url or f"sqlite:///{data_dir() / 'linewatch.db'}"


def markdown() -> str:
    """docs/settings.md, generated from SETTINGS (``linewatch settings --markdown``)."""
    lines = [
        "# Settings",
        "",
        "Linewatch reads every setting from an environment variable. This page is generated by",
        "`linewatch settings --markdown` and checked against the code by the test suite.",
        "",
        "| variable | default | what it does |",
        "|---|---|---|",
    ]
    for s in SETTINGS:
        default = "(empty)" if s.default == "" else s.default
        lines.append(f"| `{s.env_var}` | `{default}` | {s.help} |")
    return "\n".join(lines) + "\n"
