"""A small picture written to the store as importers and analyses would write it.

One flagged deal line (07700 900001) rings a runner's phone and the holder's phone and is the
deal number of the "Texas" line. The holder is known from two records that an analyst merged.
Around them: the runner's car, the holder's car and home, an associate of the runner, an
associate of that associate (three steps out), and someone who runs for the Texas line.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

from linewatch.access import system_access
from linewatch.model import Judgement
from linewatch.resolve import judge
from linewatch.store import Provenance, Store, add_entity, add_link, make_id, tables, utcnow

CALLS = Provenance(source_kind="calls", source_id="P-0001", is_synthetic=True)
REPORT = Provenance(
    source_kind="report",
    source_id="IR-2026-000001",
    source_evaluation="2",
    intelligence_assessment="B",
    handling_code="P",
    is_synthetic=True,
)
SECOND_REPORT = Provenance(
    source_kind="report",
    source_id="IR-2026-000002",
    source_evaluation="1",
    intelligence_assessment="A",
    handling_code="C",
    is_synthetic=True,
)
POLICE = Provenance(source_kind="record", source_id="leics-police:N-1", is_synthetic=True)
HOUSING = Provenance(source_kind="record", source_id="rutland-housing:T-9", is_synthetic=True)


@dataclass
class SmallPicture:
    ids: dict[str, str]


def _entity(
    conn: Connection, schema: str, key: str, props: dict[str, str], provenance: Provenance
) -> str:
    return add_entity(conn, schema, make_id(schema, "test", key), props, provenance)


def assess(conn: Connection, subject: str, score: float, superseded: bool = False) -> str:
    now = utcnow()
    assessment_id = make_id("as", subject, score, superseded)
    conn.execute(
        tables.assessments.insert().values(
            id=assessment_id,
            subject_id=subject,
            claim="DEAL_LINE",
            score=score,
            reasons=["sent bulk texts to 20+ numbers within 1 minute on 14 days"],
            evidence=[{"kind": "production", "id": "P-0001"}],
            method="comms.deal_line_rules",
            method_version="1",
            created_at=now,
            superseded_at=now if superseded else None,
        )
    )
    return assessment_id


def write_small_picture(store: Store) -> SmallPicture:
    ids: dict[str, str] = {}
    with store.begin() as conn:
        phone = {
            "line": "+447700900001",
            "runner_phone": "+447700900020",
            "holder_phone": "+447700900010",
            "old_line": "+447700900009",
            "lone_line": "+447700900005",
        }
        for key, number in phone.items():
            ids[key] = _entity(conn, "Phone", key, {"number": number}, CALLS)
        people = {
            "runner": "Jay Runner",
            "holder_a": "Dee Holder",
            "far": "Kit Far",
            "farther": "Lou Farther",
            "runs_for": "Max Ex",
        }
        for key, name in people.items():
            ids[key] = _entity(conn, "Person", key, {"name": name}, POLICE)
        ids["holder_b"] = _entity(conn, "Person", "holder_b", {"name": "Dee Holder"}, HOUSING)
        ids["runner_car"] = _entity(conn, "Vehicle", "v1", {"vrm": "AB12 CDE"}, POLICE)
        ids["holder_car"] = _entity(conn, "Vehicle", "v2", {"vrm": "CD19 EFG"}, HOUSING)
        ids["home"] = _entity(
            conn, "Address", "home", {"full": "1 Oak Road, Oakham", "postcode": "LE15 6RB"}, HOUSING
        )
        ids["texas"] = _entity(conn, "CountyLine", "texas", {"brand": "Texas"}, REPORT)

        def link(kind: str, a: str, b: str, prov: Provenance, weight: float | None = None) -> None:
            add_link(conn, kind, ids[a], ids[b], prov, weight=weight)

        link("CONTACTED", "line", "runner_phone", CALLS, 30.0)
        link("CONTACTED", "line", "holder_phone", CALLS, 42.0)
        link("USES_PHONE", "runner", "runner_phone", REPORT)
        link("USES_PHONE", "holder_a", "holder_phone", POLICE)
        link("DRIVES", "runner", "runner_car", REPORT)
        link("LIVES_AT", "holder_b", "home", HOUSING)
        link("KEEPER_OF", "holder_b", "holder_car", HOUSING)
        link("ASSOCIATES_WITH", "far", "runner", REPORT)
        link("ASSOCIATES_WITH", "runner", "far", SECOND_REPORT)
        link("ASSOCIATES_WITH", "farther", "far", REPORT)
        link("DEAL_NUMBER_OF", "line", "texas", REPORT)
        link("RUNS_FOR", "runs_for", "texas", REPORT)
        ids["assessment"] = assess(conn, ids["line"], 0.91)
        ids["old_assessment"] = assess(conn, ids["old_line"], 0.95, superseded=True)
        ids["lone_assessment"] = assess(conn, ids["lone_line"], 0.7)
    judge(
        system_access(store, "Setting up a test picture"),
        ids["holder_a"],
        ids["holder_b"],
        Judgement.POSITIVE,
        "Same name, and the housing tenancy gives the phone the police record holds",
    )
    return SmallPicture(ids)
