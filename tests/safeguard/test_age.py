"""Child, presumed child (MSA 2015 s.51) or adult, at the date that matters."""

from __future__ import annotations

from linewatch.safeguard.age import age_status
from linewatch.store import Store
from safeguard.world import World, at


def test_age_from_dates_of_birth_and_estimates(sqlite_store: Store) -> None:
    world = World(sqlite_store)
    child = world.person("N1", "A Child", date_of_birth="2010-05-01")
    adult = world.person("N2", "An Adult", date_of_birth="1990-05-01")
    police = world.person("N3", "Disputed", date_of_birth="2007-01-01")
    school = world.person(
        "S3", "Disputed", organisation="Oakham School", date_of_birth="2009-02-01"
    )
    estimated = world.person("N4", "Estimated", estimated_age=17, recorded_at="2024-06-01")
    older = world.person("N5", "Older", estimated_age=25, recorded_at="2025-06-01")
    unknown = world.person("N6", "Unknown")
    when = at("2026-03-01")
    with sqlite_store.connect() as conn:
        status = {
            name: age_status(conn, ids, when)
            for name, ids in {
                "child": {child},
                "adult": {adult},
                "disputed": {police, school},
                "estimated": {estimated},
                "older": {older},
                "unknown": {unknown},
            }.items()
        }
        turned_eighteen = age_status(conn, {child}, at("2028-05-01"))
    assert status["child"].is_child and status["child"].age == 15
    assert not status["adult"].treated_as_child
    # Sources disagree: one makes them 19, another 17, so they may be a child.
    assert status["disputed"].presumed_child and status["disputed"].age == 17
    # Estimated 17 in June 2024: 18 now, within the margin of an estimate.
    assert status["estimated"].presumed_child and status["estimated"].age == 18
    assert not status["older"].treated_as_child
    assert status["unknown"].unknown and not status["unknown"].treated_as_child
    assert not turned_eighteen.is_child
