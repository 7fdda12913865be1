"""People as each agency records them (person_records.csv).

Each row becomes one Person entity for that organisation's record, with Phone, Address and
Vehicle entities of its own linked to it, and a ``partner_records`` row holding the concern in
the agency's words. Entities stay per record: deciding that a housing tenant and a police
nominal are one person is entity resolution's job, done reversibly with its reasons.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path

from sqlalchemy import Connection, select

from linewatch.access import Access
from linewatch.collect import fields
from linewatch.collect.importer import (
    Checked,
    Loader,
    Progress,
    Raw,
    WriteContext,
    Written,
    read_csv,
    run_import,
)
from linewatch.model.formats import PERSON_RECORD_COLUMNS
from linewatch.store import (
    ImportResult,
    Provenance,
    RowError,
    add_entity,
    add_link,
    clean_properties,
    insert_ignore,
    make_id,
    tables,
)

KIND = "person_records"
COLUMNS = PERSON_RECORD_COLUMNS
RECORD_TYPES = frozenset(
    {
        "police_nominal",
        "housing_tenancy",
        "childrens_social_care",
        "adult_social_care",
        "school",
        "health",
        "neighbouring_force",
    }
)
_Props = dict[str, str | list[str]]


def person_id(organisation: str, record_id: str) -> str:
    """The Person entity id for one agency record (a police nominal's is its force ref)."""
    return make_id("Person", organisation, record_id)


def record_source_id(organisation: str, record_id: str) -> str:
    """The ``source_id`` that statements and links from this record carry."""
    return f"{organisation}:{record_id}"


def partner_record_id(organisation: str, record_id: str) -> str:
    return make_id("record", organisation, record_id)


@dataclass(frozen=True)
class IncomingRecord:
    organisation: str
    record_id: str
    record_type: str
    recorded_at: datetime
    person: _Props
    phone: _Props
    address: _Props
    vehicle: _Props
    concern: str
    classification: str
    handling_code: str | None
    is_synthetic: bool

    @property
    def source_id(self) -> str:
        return record_source_id(self.organisation, self.record_id)

    def provenance(self, dataset: str) -> Provenance:
        return Provenance(
            source_kind="record",
            source_id=self.source_id,
            dataset=dataset,
            handling_code=self.handling_code,
            classification=self.classification,
            observed_at=self.recorded_at,
            is_synthetic=self.is_synthetic,
        )


def _checked(schema: str, props: _Props, columns: dict[str, str]) -> _Props:
    """Clean ``props`` now so a bad value quarantines the row, naming the CSV column."""
    try:
        clean_properties(schema, props)
    except RowError as error:
        raise RowError(columns.get(error.field_name, error.field_name), error.reason) from None
    return {k: v for k, v in props.items() if v}


def _recorded_at(raw: Raw) -> datetime:
    """A timestamp with an offset; a bare date (agencies often record only the day) is
    taken as midnight UTC on that day."""
    value = fields.required_text(raw, "recorded_at")
    if len(value) == 10:
        try:
            return datetime.combine(datetime.fromisoformat(value).date(), time(), UTC)
        except ValueError:
            raise RowError("recorded_at", f"{value!r} is not a date (YYYY-MM-DD)") from None
    return fields.required_timestamp(raw, "recorded_at")


def _handling(raw: Raw) -> str | None:
    value = fields.text(raw, "handling_code")
    if value is None:
        return None
    if value.upper() not in {"P", "C"}:
        raise RowError("handling_code", f"{value!r} is not a 3x5x2 handling code (P or C)")
    return value.upper()


def check_record(raw: Raw) -> tuple[IncomingRecord, list[str]]:
    classification = fields.classification(raw)
    organisation = fields.required_text(raw, "organisation", max_length=100)
    record_id = fields.required_text(raw, "record_id", max_length=64)
    record_type = fields.required_text(raw, "record_type").lower()
    if record_type not in RECORD_TYPES:
        raise RowError("record_type", f"{record_type!r} is not one of {sorted(RECORD_TYPES)}")
    person: _Props = {
        # Every agency records a name, even one it doubts; aliases come beside it, not instead.
        "name": fields.required_text(raw, "name"),
        "alias": fields.names(raw, "alias"),
        "street_name": fields.names(raw, "street_name"),
        "date_of_birth": fields.text(raw, "date_of_birth") or "",
        "estimated_age": fields.text(raw, "estimated_age") or "",
        "vulnerability": fields.codes(raw, "vulnerability"),
        "subject_category": fields.codes(raw, "subject_category"),
        "force_reference": record_id if record_type == "police_nominal" else "",
    }
    record = IncomingRecord(
        organisation=organisation,
        record_id=record_id,
        record_type=record_type,
        recorded_at=_recorded_at(raw),
        person=_checked("Person", person, {}),
        phone=_checked("Phone", {"number": fields.text(raw, "phone") or ""}, {"number": "phone"}),
        address=_checked(
            "Address",
            {
                "full": fields.text(raw, "address") or "",
                "postcode": fields.text(raw, "postcode") or "",
            },
            {"full": "address"},
        ),
        vehicle=_checked("Vehicle", {"vrm": fields.text(raw, "vrm") or ""}, {}),
        concern=fields.text(raw, "concern") or "",
        classification=classification,
        handling_code=_handling(raw),
        is_synthetic=fields.flag(raw, "is_synthetic"),
    )
    return record, []


def _write_one(conn: Connection, record: IncomingRecord, context: WriteContext) -> list[str]:
    provenance = record.provenance(context.dataset)
    key = (record.organisation, record.record_id)
    person = add_entity(conn, "Person", person_id(*key), record.person, provenance)
    ids = [person]
    related = (
        ("Phone", record.phone, "USES_PHONE"),
        ("Address", record.address, "LIVES_AT"),
        ("Vehicle", record.vehicle, "DRIVES"),
    )
    for schema, props, link_type in related:
        if not props:
            continue
        entity = add_entity(conn, schema, make_id(schema, *key), props, provenance)
        add_link(conn, link_type, person, entity, provenance, valid_from=record.recorded_at)
        ids.append(entity)
    partner_id = partner_record_id(*key)
    insert_ignore(
        conn,
        tables.partner_records,
        [
            {
                "id": partner_id,
                "organisation": record.organisation,
                "record_type": record.record_type,
                "recorded_at": record.recorded_at,
                "content": record.concern,
                "handling_code": record.handling_code,
                "classification": record.classification,
                "batch_id": context.batch_id,
                "is_synthetic": record.is_synthetic,
            }
        ],
        ["id"],
    )
    ids.append(partner_id)
    return ids


def write_records(
    conn: Connection, items: Sequence[Checked[IncomingRecord]], context: WriteContext
) -> Written:
    written = Written()
    keys = [partner_record_id(i.record.organisation, i.record.record_id) for i in items]
    held = set(
        conn.execute(
            select(tables.partner_records.c.id).where(tables.partner_records.c.id.in_(keys))
        ).scalars()
    )
    for key, item in zip(keys, items, strict=True):
        if key in held:
            written.already_held += 1
            continue
        held.add(key)
        written.record_ids.extend(_write_one(conn, item.record, context))
        written.loaded += 1
    return written


def _reference(raw: Raw) -> str | None:
    org, record_id = raw.get("organisation"), raw.get("record_id")
    if not record_id:
        return None
    return f"{org}:{record_id}"[:128] if org else str(record_id)[:128]


LOADER: Loader[IncomingRecord] = Loader(
    kind=KIND,
    check=check_record,
    write=write_records,
    record_ref=_reference,
    kept_when_refused=("record_id", "organisation", "record_type", "classification"),
    csv_columns=COLUMNS,
)


def import_person_records(
    access: Access,
    path: Path | str,
    *,
    dataset: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import person_records.csv (docs/formats.md) in one transaction; see ``collect``."""
    file = Path(path)
    return run_import(
        access,
        file,
        LOADER,
        read_csv(file, COLUMNS),
        dataset=dataset or file.name,
        progress=progress,
    )
