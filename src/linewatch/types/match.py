"""What the free-text finders return: one value found in a piece of text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Match:
    """A value found in free text.

    ``text`` is ``source[start:end]`` exactly as written; ``value`` is its canonical stored
    form. A ``partial`` match (a VRM only partly seen) keeps what was read in ``value``, with
    ``?`` for each character known to be missing, and must never be treated as a full value.
    """

    kind: str
    start: int
    end: int
    text: str
    value: str
    partial: bool = False
