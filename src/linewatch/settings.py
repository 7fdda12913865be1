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
    Setting("secret_key", "", "Key that signs web sessions; a random one per process if empty."),
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
        "tasking_cadence_days",
        14,
        "Days between tactical tasking meetings; the briefing reports what changed since the last.",
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
