"""The domain model declared as data, and the vocabularies of the trade."""

from __future__ import annotations

import pytest

from linewatch import types
from linewatch.model import (
    ACCEPTED_CLASSIFICATIONS,
    Classification,
    CountyLinesRole,
    SourceEvaluation,
    domain,
    enums,
)


def test_every_link_joins_declared_entity_schemata() -> None:
    model = domain()
    for link in model.links.values():
        assert link.source in model.entities, link
        assert link.target in model.entities, link


def test_every_property_type_is_one_the_types_package_cleans() -> None:
    samples = {
        "phone": "07700 900001",
        "vrm": "AB12 CDE",
        "postcode": "LE15 6AB",
        "imei": "490154203237518",
        "imsi": "234150999999999",
        "date": "2008-03-01",
        "number": "15",
        "latlon": "52.67,-0.73",
    }
    for entity in domain().entities.values():
        for prop in entity.properties.values():
            kind = prop.type
            raw = samples.get(kind, "Oakham")
            if kind.startswith("enum:"):
                raw = next(iter(getattr(enums, kind.removeprefix("enum:"))))
            assert types.clean(kind, str(raw)), f"{entity.name}.{prop.name}"


def test_captions_name_real_properties() -> None:
    for entity in domain().entities.values():
        assert set(entity.caption) <= set(entity.properties), entity.name


def test_vocabularies_carry_codes_and_labels() -> None:
    assert SourceEvaluation("2").label == "2 Untested"
    assert CountyLinesRole.RUNNER.label == "Runner"
    assert Classification.SECRET not in ACCEPTED_CLASSIFICATIONS
    with pytest.raises(ValueError):
        SourceEvaluation("A")  # a 5x5x5 source grade is not a 3x5x2 one


def test_unknown_schema_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown entity schema 'Boat'"):
        domain().entity("Boat")
