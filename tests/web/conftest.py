"""A small seeded store for the web tests, a signed-in client per role, and sign-in helpers.

The store holds the demo users and a handful of synthetic facts: a young person known to two
sources (merged on a shared force reference), the phone he uses (assessed a deal line), an
address, a vehicle, the line, and one open report waiting in triage.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher, profiles
from fastapi.testclient import TestClient

from linewatch.access import DemoUser, seed_demo_users, set_password_hasher, system_access
from linewatch.store import Provenance, Store, add_entity, add_link, tables, utcnow
from linewatch.web import create_app

CHEAP = PasswordHasher.from_parameters(profiles.CHEAPEST)


@dataclass(frozen=True)
class Seeded:
    store: Store
    users: dict[str, DemoUser]
    person_report: str = "per-ir-2026-000101-1"
    person_nominal: str = "per-leics-nom-4471"
    phone: str = "pho-447700900123"
    address: str = "adr-oakham-12-mill-st"
    vehicle: str = "veh-ab12cde"
    line: str = "lin-nitro"
    report: str = "rep-ir-2026-000101"
    assessment: str = "as-deal-line-0001"


def _seed_facts(store: Store, s: Seeded) -> None:
    now = utcnow()
    report = Provenance(
        "report",
        s.report,
        dataset="reports",
        source_evaluation="2",
        intelligence_assessment="B",
        handling_code="P",
        classification="OFFICIAL-SENSITIVE",
        observed_at=now - timedelta(days=3),
        is_synthetic=True,
    )
    nominal = Provenance(
        "record",
        "leics-police:NOM-4471",
        dataset="police_nominal",
        source_evaluation="1",
        intelligence_assessment="A",
        handling_code="P",
        classification="OFFICIAL-SENSITIVE",
        observed_at=now - timedelta(days=40),
        is_synthetic=True,
    )
    calls = Provenance("calls", "PROD-0007", dataset="calls", is_synthetic=True)
    with store.begin() as conn:
        conn.execute(
            tables.reports.insert().values(
                id=s.report,
                reference="IR-2026-000101",
                channel="PUBLIC_WEB",
                originating_org="Leicestershire Police",
                reported_at=now - timedelta(days=1),
                source_evaluation="2",
                intelligence_assessment="B",
                handling_code="P",
                classification="OFFICIAL-SENSITIVE",
                sanitised_text=(
                    "Young lads aged about 15 on bikes dealing from the alley by Mill Street; "
                    "cars pulling up for short stays every evening."
                ),
                sanitised=True,
                status="NEW",
                is_synthetic=True,
            )
        )
        add_entity(
            conn,
            "Person",
            s.person_report,
            {"name": "Jayden Cole", "street_name": "Jaybird", "force_reference": "LP/4471"},
            report,
        )
        add_entity(
            conn,
            "Person",
            s.person_nominal,
            {
                "name": "Jayden COLE",
                "date_of_birth": "2010-05-14",
                "force_reference": "LP/4471",
                "vulnerability": "CHILD_AT_RISK_CCE",
            },
            nominal,
        )
        add_entity(conn, "Phone", s.phone, {"number": "07700 900123"}, calls)
        add_entity(conn, "Phone", s.phone, {"number": "07700900123"}, report)
        add_entity(
            conn,
            "Address",
            s.address,
            {"full": "12 Mill Street, Oakham", "postcode": "LE15 6AB", "town": "Oakham"},
            nominal,
        )
        add_entity(conn, "Vehicle", s.vehicle, {"vrm": "AB12 CDE", "colour": "Grey"}, report)
        add_entity(conn, "CountyLine", s.line, {"brand": "Nitro"}, report)
        add_link(conn, "USES_PHONE", s.person_report, s.phone, report)
        add_link(conn, "LIVES_AT", s.person_nominal, s.address, nominal)
        add_link(conn, "DEAL_NUMBER_OF", s.phone, s.line, calls)
        add_link(conn, "COURIER_FOR", s.vehicle, s.line, report)
        conn.execute(
            tables.assessments.insert().values(
                id=s.assessment,
                subject_id=s.phone,
                claim="DEAL_LINE",
                score=0.86,
                reasons=[
                    "sent 14 bulk texts (flares) to 40 or more numbers",
                    "78% of inbound calls last under a minute",
                ],
                evidence=[
                    {"kind": "production", "id": "PROD-0007"},
                    {"kind": "figures", "id": "+447700900123", "values": {"flares": 14}},
                ],
                method="comms.deal_line_rules",
                method_version="1",
                created_at=now,
                created_by="system",
            )
        )


@pytest.fixture(scope="session")
def cheap_hashing() -> Iterator[None]:
    previous = set_password_hasher(CHEAP)
    yield
    set_password_hasher(previous)


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory, cheap_hashing: None) -> Iterator[Seeded]:
    """One seeded SQLite store shared by the web tests, which only read from it."""
    path: Path = tmp_path_factory.mktemp("web") / "linewatch.db"
    store = Store(f"sqlite:///{path}")
    store.migrate()
    s = Seeded(store, {u.user_id: u for u in seed_demo_users(store)})
    _seed_facts(store, s)
    from linewatch import resolve

    resolve.resolve_exact(system_access(store, "Resolving records for the web tests"))
    yield s
    store.dispose()


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def sign_in(client: TestClient, seeded: Seeded, user_id: str) -> TestClient:
    form = client.get("/sign-in")
    response = client.post(
        "/sign-in",
        data={
            "user_id": user_id,
            "password": seeded.users[user_id].password,
            "csrf_token": csrf_from(form.text),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return client


def _client(seeded: Seeded) -> TestClient:
    return TestClient(create_app(seeded.store), base_url="http://testserver")


@pytest.fixture
def client(seeded: Seeded) -> Iterator[TestClient]:
    """A browser-like client that has not signed in."""
    with _client(seeded) as c:
        yield c


@pytest.fixture
def analyst(seeded: Seeded) -> Iterator[TestClient]:
    with _client(seeded) as c:
        yield sign_in(c, seeded, "analyst")


@pytest.fixture
def intel(seeded: Seeded) -> Iterator[TestClient]:
    with _client(seeded) as c:
        yield sign_in(c, seeded, "intel")


@pytest.fixture
def pcc(seeded: Seeded) -> Iterator[TestClient]:
    with _client(seeded) as c:
        yield sign_in(c, seeded, "pcc")


@pytest.fixture
def partner(seeded: Seeded) -> Iterator[TestClient]:
    with _client(seeded) as c:
        yield sign_in(c, seeded, "partner")


def today() -> str:
    return datetime.now(UTC).date().isoformat()
