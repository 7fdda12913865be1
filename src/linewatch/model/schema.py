"""Load the POLE schema (schema.yaml) into typed objects the rest of Linewatch reads."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class Property:
    name: str
    type: str
    label: str


@dataclass(frozen=True)
class EntitySchema:
    name: str
    label: str
    caption: tuple[str, ...]
    properties: dict[str, Property]


@dataclass(frozen=True)
class LinkType:
    name: str
    label: str
    source: str
    target: str


@dataclass(frozen=True)
class DomainModel:
    entities: dict[str, EntitySchema]
    links: dict[str, LinkType]

    def entity(self, name: str) -> EntitySchema:
        try:
            return self.entities[name]
        except KeyError:
            raise ValueError(f"unknown entity schema {name!r}") from None

    def link(self, name: str) -> LinkType:
        try:
            return self.links[name]
        except KeyError:
            raise ValueError(f"unknown link type {name!r}") from None


def _entity(name: str, raw: dict[str, Any]) -> EntitySchema:
    props = {
        key: Property(key, str(spec["type"]), str(spec["label"]))
        for key, spec in raw["properties"].items()
    }
    return EntitySchema(name, str(raw["label"]), tuple(raw["caption"]), props)


@cache
def domain() -> DomainModel:
    """The domain model, read once from the packaged schema.yaml."""
    text = resources.files("linewatch.model").joinpath("schema.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    entities = {name: _entity(name, spec) for name, spec in raw["entities"].items()}
    links = {
        name: LinkType(name, str(s["label"]), str(s["source"]), str(s["target"]))
        for name, s in raw["links"].items()
    }
    return DomainModel(entities, links)
