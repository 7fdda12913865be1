"""Brokerage between a line's local end and its hub: exact path shares, and the picture's."""

from __future__ import annotations

import itertools
import random

import networkx as nx
import pytest

from linewatch.access import Access
from linewatch.network import (
    brokerage,
    build_graph,
    from_edges,
    infer_roles,
    key_players,
    line_brokerage,
)
from linewatch.store import Store
from network.smallpicture import SmallPicture


def test_the_only_way_from_the_market_to_the_hub_goes_through_the_holder() -> None:
    # Two customers and a runner reach the controller only through the holder; the runner
    # also has a second, equally short way round through a cousin.
    net = from_edges(
        [
            ("customer1", "line", 1),
            ("customer2", "line", 1),
            ("runner", "line", 1),
            ("line", "holder", 1),
            ("runner", "cousin", 1),
            ("cousin", "holder", 1),
            ("holder", "controller", 1),
        ]
    )

    shares = brokerage(net.graph, ["customer1", "customer2", "runner"], ["controller"])

    assert shares["holder"] == pytest.approx(1.0)
    # customer1 and customer2 always pass the line; the runner half the time.
    assert shares["line"] == pytest.approx((1 + 1 + 0.5) / 3)
    assert shares["cousin"] == pytest.approx(0.5 / 3)
    assert shares["customer1"] == 0 and shares["controller"] == 0


def test_brokerage_agrees_with_counting_every_shortest_path() -> None:
    rng = random.Random(7)
    reference = nx.connected_watts_strogatz_graph(40, 4, 0.3, seed=7)
    net = from_edges([(f"n{a}", f"n{b}", 1) for a, b in reference.edges()])
    local = [f"n{i}" for i in rng.sample(range(40), 6)]
    hub = [f"n{i}" for i in rng.sample(range(40), 3)]

    shares = brokerage(net.graph, local, hub)

    expected = dict.fromkeys(reference.nodes, 0.0)
    pairs = [(s, t) for s, t in itertools.product(local, hub) if s != t]
    for s, t in pairs:
        paths = list(nx.all_shortest_paths(reference, int(s[1:]), int(t[1:])))
        for path in paths:
            for inner in path[1:-1]:
                expected[inner] += 1 / len(paths) / len(pairs)
    assert {f"n{k}": v for k, v in expected.items()} == pytest.approx(shares)


def test_each_line_names_its_brokers_and_key_players_say_so(
    store: Store, small_picture: SmallPicture, analyst: Access
) -> None:
    ids = small_picture.ids
    picture = build_graph(analyst)
    findings = infer_roles(picture)

    by_line = {b.line_id: b for b in line_brokerage(picture, findings)}

    assert set(by_line) == {ids["line"], ids["lone_line"]}
    assert by_line[ids["lone_line"]].hub == [] and by_line[ids["lone_line"]].brokers == []
    found = by_line[ids["line"]]
    assert ids["texas"] in found.hub  # the brand the deal line belongs to
    assert ids["runner"] in found.local
    brokers = dict(found.brokers)
    # The runner's path to the brand runs through the runner's phone and the deal line.
    assert brokers[ids["runner_phone"]] > 0 and brokers[ids["line"]] > 0
    assert ids["farther"] not in brokers
    players = {p.id: p for p in key_players(picture, top=20, findings=findings)}
    phone = players[ids["runner_phone"]]
    assert phone.brokerage == brokers[ids["runner_phone"]]
    assert any("stands between deal line +447700900001's local end" in r for r in phone.reasons)
    assert "RUNNER" in players[ids["runner"]].roles
