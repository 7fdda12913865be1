"""Free-text extraction: what a report's words name, for an officer to confirm.

``extract(text)`` is pure: it reads no store and changes nothing. It returns the phones,
registrations (partial ones kept partial), postcodes, addresses, places, people, street names
and line brands the text names, each with its span, the words as written, the cleaned value,
a confidence and the rule that found it; and the County Lines indicator phrases in it.

Rules propose overlapping items ("Leicester Road" is a street and holds a city); the item
from the more specific rule wins, then the longer one.
"""

from __future__ import annotations

import bisect

from linewatch.collect.extract_identifiers import identifiers
from linewatch.collect.extract_indicators import indicators
from linewatch.collect.extract_items import Extraction, Found
from linewatch.collect.extract_names import names
from linewatch.collect.extract_places import places

# Lower wins an overlap. Identifiers are the most specific; a bare first name or a town the
# least, since both also turn up inside streets, brands and longer names.
_PRECEDENCE: dict[str, int] = {
    "types.phone": 0,
    "types.postcode": 0,
    "types.imei": 0,
    "types.imsi": 0,
    "types.vrm": 0,
    "types.vrm.partial": 1,
    "vrm.front_half": 1,
    "vrm.fragment_after_vehicle_word": 2,
    "address.house_and_street": 2,
    "line.the_x_line": 3,
    "line.known_as": 3,
    "line.they_call_it": 3,
    "line.scores_from": 3,
    "name.after_cue": 4,
    "name.before_age": 4,
    # A landmark inside a longer street ("Catmose" in "Catmose Park Road") gives way to it.
    "landmark.gazetteer": 4,
    "landmark.named_spot": 4,
    "address.street": 4,
    "road": 5,
    "place.gazetteer_after_cue": 5,
    "line.flare_text": 5,
    "name.first_name_gazetteer": 6,
    "place.gazetteer": 7,
}
# Scanning a pasted document of megabytes for names is not what a report box is for; past
# this length only identifiers and indicators are looked for.
MAX_NAME_SCAN = 200_000


def _rank(item: Found) -> tuple[int, int, int]:
    return (_PRECEDENCE.get(item.rule, 9), -(item.end - item.start), item.start)


def _without_overlaps(candidates: list[Found]) -> list[Found]:
    # Kept items never overlap, so sorted by start their ends are sorted too and one look
    # either side of where an item would go tells whether it overlaps any.
    starts: list[int] = []
    kept: list[Found] = []
    for item in sorted(candidates, key=_rank):
        if item.end <= item.start:
            continue
        i = bisect.bisect_right(starts, item.start)
        if (i > 0 and kept[i - 1].end > item.start) or (i < len(kept) and kept[i].start < item.end):
            continue
        starts.insert(i, item.start)
        kept.insert(i, item)
    return kept


def extract(text: str) -> Extraction:
    """Everything ``text`` names, and its indicator phrases; see the module's notes."""
    candidates = identifiers(text)
    if len(text) <= MAX_NAME_SCAN:
        candidates += places(text) + names(text)
    return Extraction(text, tuple(_without_overlaps(candidates)), tuple(indicators(text)))
