from __future__ import annotations

from linewatch.access import Access
from linewatch.network import build_graph, key_players
from linewatch.store import Store
from network.smallpicture import SmallPicture


def test_the_line_is_the_broker_of_the_whole_picture(
    store: Store, small_picture: SmallPicture, analyst: Access
) -> None:
    ids = small_picture.ids

    players = key_players(build_graph(analyst), top=3)

    assert [p.rank for p in players] == [1, 2, 3]
    top = players[0]
    assert top.id == ids["line"] and top.degree == 3
    assert top.reasons[0].startswith("lies on ") and top.reasons[0].endswith("(rank 1 of 13)")
    assert "linked directly to 3 entities" in top.reasons
    assert "is itself flagged as a deal line (score 0.91)" in top.reasons
    assert players[0].betweenness >= players[1].betweenness >= players[2].betweenness
    assert str(top).startswith("1. +447700900001 (Phone): lies on ")


def test_people_can_be_ranked_on_their_own(
    store: Store, small_picture: SmallPicture, analyst: Access
) -> None:
    ids = small_picture.ids

    people = key_players(build_graph(analyst), top=10, schemas={"Person"})

    assert {p.schema for p in people} == {"Person"}
    # The runner stands between the line and two associates and a car; the holder guards less.
    assert people[0].id == ids["runner"]
    assert people[0].near_lines == ["+447700900001"]
    assert "within two steps of deal line +447700900001" in people[0].reasons
    farther = next(p for p in people if p.id == ids["farther"])
    assert farther.betweenness == 0 and farther.near_lines == []
    assert farther.reasons == ["linked directly to 1 entity"]
