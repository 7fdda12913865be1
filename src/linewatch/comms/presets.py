"""Named column mappings for the usual call-data exports, and choosing one by a file's header.

Operators and analysis tools write the same facts under different headers. A preset is a
``ColumnMapping`` for one known layout; ``detect`` picks the preset whose columns a header
holds, or else builds a mapping from the header alone by matching each column against the
names exports are known to use (compared without case, spaces or punctuation).
"""

from __future__ import annotations

import re

from linewatch.comms.columns import ColumnMapping

UK_TIME = "Europe/London"
UK_FORMATS = (
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d/%m/%y %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
)
EVENT_SPELLINGS = {
    **{k: "CALL" for k in ("CALL", "VOICE", "VOICE CALL", "MOC", "MTC", "MO CALL", "MT CALL")},
    **{k: "CALL" for k in ("TEL", "PHONE CALL", "CALL OUT", "CALL IN", "V")},
    **{k: "SMS" for k in ("SMS", "TEXT", "TEXT MESSAGE", "SMS-MO", "SMS-MT", "SMS MO", "SMS MT")},
    **{k: "SMS" for k in ("MO-SMS", "MT-SMS", "SMSMO", "SMSMT", "MESSAGE", "S")},
}
DIRECTION_SPELLINGS = {
    **{k: "OUT" for k in ("OUT", "OUTGOING", "MO", "O", "ORIGINATING", "OUTBOUND", "SENT")},
    **{k: "IN" for k in ("IN", "INCOMING", "MT", "I", "TERMINATING", "INBOUND", "RECEIVED")},
}

# Canonical or alternative field -> header names exports use for it, normalised.
ALIASES: dict[str, tuple[str, ...]] = {
    "timestamp": (
        "timestamp",
        "datetime",
        "eventdatetime",
        "calldatetime",
        "startdatetime",
        "eventtimestamp",
        "callstart",
        "starttimeutc",
        "eventtimeutc",
        "datetimeutc",
    ),
    "date": ("date", "calldate", "eventdate", "startdate"),
    "time": ("time", "calltime", "eventtime", "starttime"),
    "calling_number": (
        "callingnumber",
        "calling",
        "anumber",
        "aparty",
        "apartynumber",
        "originatingnumber",
        "originator",
        "from",
        "fromnumber",
        "caller",
        "callernumber",
        "msisdna",
    ),
    "called_number": (
        "callednumber",
        "called",
        "bnumber",
        "bparty",
        "bpartynumber",
        "terminatingnumber",
        "destination",
        "to",
        "tonumber",
        "recipient",
        "diallednumber",
        "dialled",
        "msisdnb",
    ),
    "subscriber_number": (
        "targetnumber",
        "target",
        "subscriber",
        "subscribernumber",
        "msisdn",
        "targetmsisdn",
        "servednumber",
        "servedmsisdn",
    ),
    "other_number": (
        "othernumber",
        "otherparty",
        "otherpartynumber",
        "correspondent",
        "connectednumber",
        "partynumber",
        "thirdparty",
    ),
    "direction": ("direction", "calldirection", "inout", "io", "momt"),
    "event_type": (
        "eventtype",
        "calltype",
        "type",
        "recordtype",
        "service",
        "servicetype",
        "event",
    ),
    "duration_s": (
        "durations",
        "duration",
        "durationseconds",
        "durationsecs",
        "callduration",
        "seconds",
        "secs",
        "dur",
        "durationsec",
    ),
    "imei": ("imei", "handsetimei", "imeinumber", "deviceimei"),
    "imsi": ("imsi", "simimsi", "imsinumber"),
    "cell_id": (
        "cellid",
        "cell",
        "servingcell",
        "cgi",
        "ecgi",
        "cellglobalid",
        "startcellid",
        "firstcell",
        "firstcellid",
        "siteid",
    ),
    "cell_latitude": ("celllatitude", "latitude", "lat", "celllat", "sitelatitude"),
    "cell_longitude": (
        "celllongitude",
        "longitude",
        "lon",
        "lng",
        "long",
        "celllong",
        "celllon",
        "sitelongitude",
    ),
    "cell_location": ("celllocation", "location", "latlong", "latlon", "celllatlong"),
    "is_synthetic": ("issynthetic",),
}

PRESETS: dict[str, ColumnMapping] = {
    # The Parquet shape of docs/formats.md: UTC instants, E.164 numbers.
    "canonical": ColumnMapping(),
    # A-party/B-party exports: separate UK date and time columns, local numbers.
    "a-b-party": ColumnMapping(
        columns={
            "date": "Date",
            "time": "Time",
            "calling_number": "A Number",
            "called_number": "B Number",
            "event_type": "Call Type",
            "duration_s": "Duration (s)",
            "imei": "IMEI",
            "imsi": "IMSI",
            "cell_id": "Cell ID",
            "cell_location": "Cell Location",
        },
        event_types=EVENT_SPELLINGS,
        timezone=UK_TIME,
        timestamp_formats=UK_FORMATS,
    ),
    # Subscriber-centred exports: the target's number, the other party and a direction.
    "target-direction": ColumnMapping(
        columns={
            "timestamp": "Start Time",
            "subscriber_number": "Target MSISDN",
            "other_number": "Other Party",
            "direction": "Direction",
            "event_type": "Service",
            "duration_s": "Duration",
            "imei": "IMEI",
            "imsi": "IMSI",
            "cell_id": "Cell ID",
            "cell_latitude": "Latitude",
            "cell_longitude": "Longitude",
        },
        event_types=EVENT_SPELLINGS,
        directions=DIRECTION_SPELLINGS,
        timezone=UK_TIME,
        timestamp_formats=UK_FORMATS,
    ),
}


def normalise(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def detect(headers: list[str]) -> tuple[str, ColumnMapping]:
    """(preset name, mapping) for a file's header; ``"detected"`` when built from aliases.

    ValueError if no mapping finds the required columns, naming those it could not find.
    """
    present = set(headers)
    for name, mapping in PRESETS.items():
        explicit = set(mapping.columns.values())
        if explicit <= present and not mapping.missing_required(headers):
            return name, mapping
    mapping = _from_aliases(headers)
    missing = mapping.missing_required(headers)
    if missing:
        raise ValueError(
            f"no column for {', '.join(missing)} among {', '.join(headers)}; "
            f"name a preset ({', '.join(PRESETS)}) or give a column mapping"
        )
    return "detected", mapping


def _from_aliases(headers: list[str]) -> ColumnMapping:
    by_key = {normalise(h): h for h in headers}
    columns: dict[str, str] = {}
    for field, names in ALIASES.items():
        for alias in names:
            if alias in by_key and by_key[alias] not in columns.values():
                columns[field] = by_key[alias]
                break
    if "date" in columns and "time" not in columns and "timestamp" not in columns:
        # A lone "date" column holding date and time together.
        columns["timestamp"] = columns.pop("date")
    if "time" in columns and "date" not in columns and "timestamp" not in columns:
        # A lone "start time" column holding date and time together.
        columns["timestamp"] = columns.pop("time")
    if "timestamp" in columns and "date" in columns and "time" in columns:
        del columns["timestamp"]
    if {"calling_number", "called_number"} <= set(columns):
        for field in ("subscriber_number", "other_number"):
            columns.pop(field, None)
    return ColumnMapping(
        columns=columns,
        event_types=EVENT_SPELLINGS,
        directions=DIRECTION_SPELLINGS,
        timezone=UK_TIME,
        timestamp_formats=UK_FORMATS,
    )
