"""Template filters: stored codes and values as a person reads them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from jinja2 import Environment

from linewatch import model
from linewatch import types as lw_types
from linewatch.model import Property, domain


def _when(value: Any, fmt: str = "%d %b %Y %H:%M") -> str:
    """Dates and times as a person reads them; ISO strings from to_dict() are parsed first."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return str(value)
    if isinstance(value, datetime):
        return value.strftime(fmt)
    if isinstance(value, date):
        return value.strftime("%d %b %Y")
    return str(value)


def _day(value: Any) -> str:
    return _when(value, "%d %b %Y")


def _number(value: Any) -> str:
    """332.0 -> 332; 0.25 stays 0.25."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _month(value: Any) -> str:
    """'2026-03' -> 'Mar 2026'."""
    try:
        return datetime.strptime(str(value), "%Y-%m").strftime("%b %Y")
    except ValueError:
        return str(value)


def _percent(value: Any) -> str:
    if value is None:
        return ""
    return f"{float(value):.0%}"


def _label(code: Any) -> str:
    """Words for a stored code: SOME_CODE or some_code -> Some code."""
    text = str(code or "")
    if text.isupper() or (text.islower() and "_" in text):
        return text.replace("_", " ").capitalize()
    return text


SOURCE_KINDS = {
    "report": "Report",
    "record": "Agency record",
    "calls": "Call data",
    "anpr": "ANPR",
    "enforcement": "Enforcement record",
    "user": "Entered by a user",
}


def _source_kind(kind: Any) -> str:
    return SOURCE_KINDS.get(str(kind), _label(kind))


def _vocab(code: Any, vocabulary: str) -> str:
    """The label of a code in one of the model's vocabularies (Judgement, Role, ...)."""
    enum = getattr(model, vocabulary, None)
    try:
        return str(enum(code).label) if enum is not None else _label(code)
    except ValueError:
        return _label(code)


def _schema_label(schema: Any) -> str:
    try:
        return domain().entity(str(schema)).label
    except ValueError:
        return str(schema)


def _property(schema: Any, prop: Any) -> Property | None:
    try:
        return domain().entity(str(schema)).properties.get(str(prop))
    except ValueError:
        return None


def _prop_label(prop: Any, schema: Any) -> str:
    spec = _property(schema, prop)
    return spec.label if spec else _label(prop)


def _shown(value: Any, schema: Any, prop: Any = None) -> str:
    """A stored value as people write it: 07700 900123 rather than +447700900123.

    Without ``prop``, ``value`` is the entity's caption and its schema's first caption
    property says how to show it.
    """
    if prop is None:
        try:
            prop = domain().entity(str(schema)).caption[0]
        except (ValueError, IndexError):
            return str(value or "")
    spec = _property(schema, prop)
    text = str(value or "")
    if spec is None or not text:
        return text
    if spec.type.startswith("enum:"):
        return _vocab(text, spec.type.removeprefix("enum:"))
    module = getattr(lw_types, spec.type, None)
    display = getattr(module, "display", None)
    if display is None:
        return text
    try:
        return str(display(text))
    except ValueError:
        return text


def _link_label(link_type: Any) -> str:
    try:
        return domain().link(str(link_type)).label
    except ValueError:
        return _label(link_type)


def install(env: Environment) -> None:
    env.filters.update(
        when=_when,
        day=_day,
        percent=_percent,
        month=_month,
        number=_number,
        label=_label,
        source_kind=_source_kind,
        vocab=_vocab,
        shown=_shown,
        schema_label=_schema_label,
        prop_label=_prop_label,
        link_label=_link_label,
    )
