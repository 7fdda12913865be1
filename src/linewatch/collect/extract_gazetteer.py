"""The word lists extraction reads: first names, places round Rutland, local landmarks.

They live as plain text in ``collect/data`` so that a force can add its own streets, estates
and villages without touching code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Place:
    name: str
    kind: str  # town | village | city | district
    area: str
    # Also an everyday word or a person's name ("Wing", "Brooke"): a place only after "in",
    # "at", "near" and the like.
    needs_cue: bool


def _lines(file_name: str) -> list[str]:
    text = resources.files("linewatch.collect").joinpath("data", file_name).read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


@cache
def first_names() -> frozenset[str]:
    """First names (and their short forms) that are names wherever they stand."""
    return frozenset(line for line in _lines("first_names.txt") if not line.endswith("*"))


@cache
def word_names() -> frozenset[str]:
    """First names that are also everyday words ("May", "Will"): names only with a cue."""
    return frozenset(line[:-1] for line in _lines("first_names.txt") if line.endswith("*"))


def is_first_name(word: str) -> bool:
    return word in first_names() or word in word_names()


@cache
def places() -> tuple[Place, ...]:
    found = []
    for line in _lines("places.txt"):
        name, kind, area = line.split("|")
        found.append(Place(name.rstrip("*"), kind, area, name.endswith("*")))
    return tuple(found)


@cache
def _place_index() -> dict[str, Place]:
    return {_key(p.name): p for p in places()}


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold().replace("’", "'")


def place(text: str) -> Place | None:
    """The gazetteer entry ``text`` names, in any case and spacing."""
    return _place_index().get(_key(text))


@cache
def landmarks() -> tuple[tuple[str, str], ...]:
    """(local name, town) for public places and estates known by name."""
    pairs = (line.split("|") for line in _lines("landmarks.txt"))
    return tuple((name, town) for name, town in pairs)
