"""The network pages without a browser: what they list, their filters, JSON and audit."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.web.conftest import Seeded, sign_in

from linewatch.access import seed_demo_users
from linewatch.network.pages import Filters
from linewatch.network.picture import Evidence
from linewatch.store import Store, tables
from linewatch.web import create_app
from linewatch.web.network import PURPOSES
from network.smallpicture import SmallPicture, write_small_picture


@pytest.fixture(scope="module")
def world(
    tmp_path_factory: pytest.TempPathFactory, cheap_hashing: None
) -> Iterator[tuple[Seeded, SmallPicture]]:
    path = tmp_path_factory.mktemp("network-web") / "linewatch.db"
    store = Store(f"sqlite:///{path}")
    store.migrate()
    seeded = Seeded(store, {u.user_id: u for u in seed_demo_users(store)})
    yield seeded, write_small_picture(store)
    store.dispose()


def _client(world: tuple[Seeded, SmallPicture], user: str) -> Iterator[TestClient]:
    with TestClient(create_app(world[0].store), base_url="http://testserver") as c:
        yield sign_in(c, world[0], user)


@pytest.fixture
def analyst(world: tuple[Seeded, SmallPicture]) -> Iterator[TestClient]:
    yield from _client(world, "analyst")


@pytest.fixture
def partner(world: tuple[Seeded, SmallPicture]) -> Iterator[TestClient]:
    yield from _client(world, "partner")


def test_a_persons_network_lists_nodes_links_and_roles_and_is_audited(
    analyst: TestClient, world: tuple[Seeded, SmallPicture]
) -> None:
    seeded, small = world
    ids = small.ids

    page = analyst.get(f"/network/entities/{ids['runner']}?hops=1")

    assert page.status_code == 200
    for near in ("runner_phone", "runner_car", "far"):
        assert f'data-node="{ids[near]}"' in page.text
    assert f'data-node="{ids["farther"]}"' not in page.text  # two steps out
    assert "Potential victim: runs for a line" in page.text
    assert '<script src="/cytoscape/cytoscape.min.js">' in page.text
    with seeded.store.connect() as conn:
        last = conn.execute(
            select(tables.audit_log.c.justification, tables.audit_log.c.record_ids)
            .where(tables.audit_log.c.actor_id == "analyst")
            .order_by(tables.audit_log.c.seq.desc())
            .limit(1)
        ).one()
    assert last.justification == PURPOSES["entity"]
    assert ids["runner"] in last.record_ids


def test_a_merged_records_id_opens_the_resolved_persons_network(
    analyst: TestClient, world: tuple[Seeded, SmallPicture]
) -> None:
    ids = world[1].ids
    a = analyst.get(f"/network/entities/{ids['holder_a']}")
    b = analyst.get(f"/network/entities/{ids['holder_b']}")
    assert a.status_code == b.status_code == 200
    assert "Dee Holder" in a.text and "1 Oak Road" in a.text and "1 Oak Road" in b.text


def test_filters_by_link_type_and_grading_keep_only_matching_links(
    analyst: TestClient, world: tuple[Seeded, SmallPicture]
) -> None:
    ids = world[1].ids
    url = f"/network/entities/{ids['runner']}?hops=2"

    associates = analyst.get(url + "&link_type=ASSOCIATES_WITH").text
    graded_a = analyst.get(url + "&grade=A").text

    assert associates.count("data-link=") == 2  # runner-far, far-farther
    assert f'data-node="{ids["runner_car"]}"' not in associates
    # Only the second report (1/A/C) is graded A: one link, and only its evidence shown.
    assert graded_a.count("data-link=") == 1 and "1/A/C" in graded_a and "2/B/P" not in graded_a


def test_the_json_endpoint_expands_a_node_with_the_pages_filters(
    analyst: TestClient, world: tuple[Seeded, SmallPicture]
) -> None:
    ids = world[1].ids

    found = analyst.get(f"/network/graph.json?around={ids['far']}&hops=1").json()
    typed = analyst.get(f"/network/graph.json?around={ids['far']}&hops=1&link_type=DRIVES").json()

    nodes = {e["data"]["id"]: e["data"] for e in found["elements"] if e["group"] == "nodes"}
    assert set(nodes) == {ids["far"], ids["runner"], ids["farther"]}
    assert nodes[ids["runner"]]["role_class"] == "both"  # runner, and potential victim
    assert found["centre"] == [ids["far"]]
    assert [e for e in typed["elements"] if e["group"] == "edges"] == []
    assert analyst.get("/network/graph.json?around=nobody").status_code == 404
    bad_day = analyst.get(f"/network/graph.json?around={ids['far']}&since=yesterday")
    assert bad_day.status_code == 422


def test_overview_ranks_players_with_reasons_and_draws_each_strategy(
    analyst: TestClient, world: tuple[Seeded, SmallPicture]
) -> None:
    ids = world[1].ids

    page = analyst.get(f"/network?remove={ids['far']}&remove={ids['runner']}")

    assert page.status_code == 200
    assert page.text.count("data-player=") == 13
    assert "stands between deal line +447700900001&#39;s local end" in page.text
    assert page.text.count("<polyline") == 3
    assert 'data-strategy="analyst&#39;s list"' in page.text
    assert "Kit Far, Jay Runner" in page.text  # the analyst's list, in the order given


def test_line_page_shows_brokers_and_who_would_replace_the_holder(
    analyst: TestClient, world: tuple[Seeded, SmallPicture]
) -> None:
    ids = world[1].ids

    page = analyst.get(f"/network/lines/{ids['line']}")

    assert page.status_code == 200
    assert "data-brokers" in page.text and "Texas" in page.text
    assert f'data-replacements="{ids["holder_a"]}"' in page.text or (
        f'data-replacements="{ids["holder_b"]}"' in page.text
    )
    assert analyst.get(f"/network/lines/{ids['runner']}").status_code == 404


def test_partners_cannot_see_the_network(partner: TestClient) -> None:
    assert partner.get("/network").status_code == 403


def test_a_date_range_keeps_links_in_force_and_links_with_no_dates() -> None:
    def evidence(start: datetime | None, end: datetime | None) -> Evidence:
        return Evidence(
            "l1", "CONTACTED", "a", "b", "calls", "P-1", 3.0, start, end, None, None, None, "O"
        )

    june = Filters(since=date(2026, 6, 1), until=date(2026, 6, 30))

    assert june.keeps(evidence(datetime(2026, 5, 1, tzinfo=UTC), datetime(2026, 6, 2, tzinfo=UTC)))
    assert not june.keeps(evidence(datetime(2026, 7, 1, tzinfo=UTC), None))
    assert not june.keeps(evidence(None, datetime(2026, 5, 31, 23, tzinfo=UTC)))
    assert june.keeps(evidence(None, None))
    with pytest.raises(ValueError, match="starts after it ends"):
        Filters(since=date(2026, 7, 1), until=date(2026, 6, 1))
    with pytest.raises(ValueError, match="grading F"):
        Filters(grades=frozenset({"F"}))
