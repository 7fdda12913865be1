from __future__ import annotations

from linewatch.access import Access
from linewatch.network import build_graph, lines
from linewatch.store import Store
from network.smallpicture import SmallPicture


def test_a_line_has_the_people_and_vehicles_within_two_steps(
    store: Store, small_picture: SmallPicture, analyst: Access
) -> None:
    ids = small_picture.ids
    holder = min(ids["holder_a"], ids["holder_b"])

    first, lone = lines(build_graph(analyst))

    assert first.line.id == ids["line"] and first.flag.score == 0.91
    people = {p.id: p.hops for p in first.people}
    assert people == {ids["runner"]: 1, holder: 1, ids["far"]: 2, ids["runs_for"]: 2}
    assert ids["farther"] not in people  # three steps out
    assert {v.id: v.hops for v in first.vehicles} == {
        ids["runner_car"]: 2,
        ids["holder_car"]: 2,
    }
    assert [p.id for p in first.places] == [ids["home"]]
    assert [c.caption for c in first.county_lines] == ["Texas"]
    assert {p.id for p in first.phones} == {ids["runner_phone"], ids["holder_phone"]}
    assert lone.line.id == ids["lone_line"] and lone.entity_ids == [ids["lone_line"]]


def test_the_path_shows_how_each_entity_is_reached(
    store: Store, small_picture: SmallPicture, analyst: Access
) -> None:
    ids = small_picture.ids

    [first, _] = lines(build_graph(analyst))

    car = next(v for v in first.vehicles if v.id == ids["runner_car"])
    assert car.path == [ids["line"], ids["runner_phone"], ids["runner"], ids["runner_car"]]
    assert first.people[0].hops == 1  # nearest first
