"""People as probabilistic matching sees them: one row per Person record, keys derived.

Each Person record becomes a row of comparable keys: first name, its formal form, middle
names and surname from the written name; date of birth, or only a birth year estimated from
an age and when it was recorded; the street name; and the phone, address and postcode of
the record's own linked entities (an agency record links its own Phone and Address).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, select

from linewatch.resolve.normalise import address_line_key, name_key
from linewatch.resolve.person_names import name_parts
from linewatch.store import tables

PERSON_COLUMNS = (
    "unique_id",
    "first_name",
    "first_formal",
    "middle_name",
    "surname",
    "dob",
    "birth_year",
    "street_name",
    "address",
    "town",
    "postcode",
    "phone",
    "vrm",
)
_PERSON_PROPS = ("name", "alias", "street_name", "date_of_birth", "estimated_age")
_LINKED = {"USES_PHONE": ("number",), "LIVES_AT": ("full", "postcode"), "DRIVES": ("vrm",)}


def _first(values: list[str]) -> str | None:
    return min(values) if values else None


def _birth_year(dob: str | None, age: str | None, observed: datetime | None) -> int | None:
    if dob:
        try:
            return date.fromisoformat(dob[:10]).year
        except ValueError:
            return None
    if age and age.strip().isdigit() and observed is not None:
        return observed.year - int(age)
    return None


def person_row(
    entity_id: str,
    props: dict[str, list[str]],
    observed: datetime | None,
    linked: dict[str, list[str]],
) -> dict[str, Any]:
    """One frame row from a record's property values and its linked entities' values."""
    parts = name_parts(_first(props.get("name", [])) or "")
    dob = _first(props.get("date_of_birth", []))
    street = _first([name_key(v) for v in props.get("street_name", [])])
    full = _first(linked.get("full", []))
    postcode = _first(linked.get("postcode", []))
    return {
        "unique_id": entity_id,
        "first_name": parts.first or None,
        "first_formal": parts.first_formal or None,
        "middle_name": parts.middle or None,
        "surname": parts.surname or None,
        "dob": dob[:10] if dob else None,
        "birth_year": _birth_year(dob, _first(props.get("estimated_age", [])), observed),
        "street_name": street or None,
        "address": address_line_key(full) if full else None,
        "town": _town(full),
        "postcode": postcode.upper() if postcode else None,
        "phone": _first(linked.get("number", [])),
        "vrm": _first(linked.get("vrm", [])),
    }


def _town(full: str | None) -> str | None:
    if not full or "," not in full:
        return None
    return full.rsplit(",", 1)[1].strip().lower() or None


def people_frame(conn: Connection) -> pd.DataFrame:
    """Every Person record in the store as a frame of ``PERSON_COLUMNS``."""
    st, en, lk = tables.statements, tables.entities, tables.links
    props: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    observed: dict[str, datetime] = {}
    query = (
        select(st.c.entity_id, st.c.prop, st.c.value, st.c.observed_at)
        .join(en, en.c.id == st.c.entity_id)
        .where(en.c.schema == "Person", st.c.prop.in_(_PERSON_PROPS))
    )
    for entity_id, prop, value, when in conn.execute(query):
        props[entity_id][prop].append(str(value))
        if when is not None and (entity_id not in observed or when < observed[entity_id]):
            observed[entity_id] = when
    linked: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    wanted = sorted({p for ps in _LINKED.values() for p in ps})
    query = (
        select(lk.c.source_id, st.c.prop, st.c.value)
        .join(st, st.c.entity_id == lk.c.target_id)
        .where(lk.c.link_type.in_(list(_LINKED)), st.c.prop.in_(wanted))
    )
    for row in conn.execute(query):
        person, prop, value = str(row[0]), str(row[1]), row[2]
        if person in props:
            linked[person][prop].append(str(value))
    people = select(en.c.id).where(en.c.schema == "Person").order_by(en.c.id)
    rows = [
        person_row(str(e), props.get(e, {}), observed.get(e), linked.get(e, {}))
        for e in conn.execute(people).scalars()
    ]
    frame = pd.DataFrame(rows, columns=list(PERSON_COLUMNS))
    frame["birth_year"] = frame["birth_year"].astype("Int64")
    return frame
