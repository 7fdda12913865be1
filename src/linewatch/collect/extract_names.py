"""People and lines in report text: names, street names and line brands.

A name is a capitalised phrase that either follows a cue ("a lad called X", "known as X",
"goes by X", "gave his name as X", "X, 15,") or starts with a first name from the gazetteer.
After a cue, a phrase that starts with a first name is a person's name and anything else
("Kaz", "Little J", "Mikey G") is a street name. A line brand is the name in "the X line",
"a line known as X", "they call it X", or the name a flare text signs itself with.
"""

from __future__ import annotations

import re

from linewatch.collect import extract_gazetteer as gazetteer
from linewatch.collect.extract_items import Found, clean_value

_CAP = r"[A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)?"
_NAME_CUE = re.compile(
    r"""\b(?:
        (?:lad|lads|boy|girl|male|female|man|woman|youth|kid|one|someone|him|her|them)
            \s+(?:called|named|known\s+as)
      | called | nicknamed | a\.?k\.?a\.? | alias
      | (?:they|we|people|everyone)\s+call(?:s|ed)?(?!\s+it\b)(?:\s+(?:him|her))?
      | call(?:ed)?\s+(?:him|her|one\s+of\s+them)
      | known\s+as | goes\s+by | go\s+by | going\s+by | answers\s+to
      | (?:gave|gives|giving)\s+(?:the|his|her|their|a)\s+name(?:\s+as)?
      | name\s+(?:as|is|was)
      | referred\s+to\s+(?:\w+\s+){0,4}?as
      | identified\s+as
      | passenger:? | sighting:
      | saw | seen\s+with | spotted | spoke\s+to
      | (?:operated|run|controlled|led|collected|driven)\s+by
    )\s+$""",
    re.IGNORECASE | re.VERBOSE,
)
_TOKEN = re.compile(rf"(?<![\w'’])(?:{_CAP}|[A-Z](?![\w'’]))")
_GAP = re.compile(r"[ \t]+")
# Words after a name that say a person is meant ("X controls the line", "X seen again at").
_NAME_FOLLOWED_BY = re.compile(
    r"\s+(?:controls|runs|holds|is\s+running|is\s+in\s+charge|(?:was\s+)?seen\s+(?:again|with|at|"
    r"leaving|outside|near))\b"
)
_AGE_AFTER = re.compile(r"^,\s+(?:aged\s+)?\d{1,2}(?:\s*(?:yrs?|years?(?:\s+old)?))?\s*[,)]")
# Capitalised words that end a name rather than continue it.
_NOT_NAME_WORDS = frozenset(
    re.findall(
        r"\w+",
        "The A An And But Or So He She They It I We You His Her Their Its Our My This That "
        "These Those There Here When Where Who What Why How If Then Also Just Not No Yes "
        "Caller Informant Crimestoppers Source Tenant Client Pupil Driver Passenger Staff "
        "Police Officer Officers Runners Youths Kids Year Class Road Street Line Sanitised "
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March "
        "April May June July August September October November December Mr Mrs Ms Miss Dr",
    )
)
_LINE_CUES = (
    (re.compile(rf"\bthe\s+(?P<name>{_CAP}(?:\s+\d)?)\s+line\b"), 0.85, "line.the_x_line"),
    (
        re.compile(
            rf"\b(?:line|number)\s+(?:known\s+as|called|named)\s+['‘\"“]?(?P<name>{_CAP})",
            re.IGNORECASE,
        ),
        0.8,
        "line.known_as",
    ),
    (
        re.compile(rf"\b(?i:they|people|everyone)\s+call\s+it\s+['‘\"“]?(?P<name>{_CAP})"),
        0.7,
        "line.they_call_it",
    ),
    (
        re.compile(
            rf"\b(?:scores?|scored|scoring|buys?|buying|gets?\s+(?:it|gear|stuff))\s+"
            rf"(?:\w+\s+){{0,3}}?from\s+['‘\"“](?P<name>{_CAP})['’\"”]"
        ),
        0.6,
        "line.scores_from",
    ),
)
# A quoted text message: the words a flare was sent with.
_QUOTED_MESSAGE = re.compile(
    r"\b(?:saying|said|says|reads?|reading|text(?:ed)?|message|advertising\s+drugs?)"
    r"[:,]?\s+['‘\"“](?P<body>[^'’\"”]{1,200})['’\"”]",
    re.IGNORECASE,
)
_FLARE_WORD = re.compile(rf"(?<![\w'’])(?P<name>{_CAP})(?![\w'’])")

CUED_NAME_CONFIDENCE = 0.9
CUED_STREET_NAME_CONFIDENCE = 0.75
AGE_NAME_CONFIDENCE = 0.85
FULL_NAME_CONFIDENCE = 0.8
FIRST_NAME_CONFIDENCE = 0.6
FLARE_CONFIDENCE = 0.5


def _phrases(text: str) -> list[tuple[int, list[str]]]:
    """Runs of capitalised words as (start, words), split at words that end a name."""
    runs: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = last_end = 0

    def close() -> None:
        nonlocal current
        if current:
            runs.append((start, current))
        current = []

    for hit in _TOKEN.finditer(text):
        word = hit.group()
        adjacent = bool(current) and _GAP.fullmatch(text, last_end, hit.start()) is not None
        if len(word) == 1:
            # A lone capital only closes a street name ("Little J", "Mikey G").
            if adjacent and len(current) <= 2 and word not in "AI":
                current.append(word)
            close()
            continue
        if word in _NOT_NAME_WORDS or (adjacent and gazetteer.place(word) is not None):
            close()
            continue
        if not adjacent or len(current) >= 3:
            close()
        if not current:
            start = hit.start()
        current.append(word)
        last_end = hit.end()
    close()
    return runs


def _found(
    kind: str, text: str, start: int, words: list[str], confidence: float, rule: str
) -> Found:
    end = start
    for word in words:
        end = text.index(word, end) + len(word)
    written = text[start:end]
    return Found(kind, start, end, written, clean_value(kind, written), confidence, rule)


def _is_street_name(words: list[str]) -> bool:
    return not gazetteer.is_first_name(words[0]) or (len(words) > 1 and len(words[-1]) == 1)


def _person(text: str, start: int, words: list[str]) -> Found | None:
    end = start + len(" ".join(words))
    if _NAME_CUE.search(text, max(0, start - 40), start) or _NAME_FOLLOWED_BY.match(text, end):
        street = _is_street_name(words)
        return _found(
            "street_name" if street else "person",
            text,
            start,
            words,
            CUED_STREET_NAME_CONFIDENCE if street else CUED_NAME_CONFIDENCE,
            "name.after_cue",
        )
    if len(words[-1]) == 1:
        return None
    if _AGE_AFTER.match(text, end) and gazetteer.place(" ".join(words)) is None:
        return _found("person", text, start, words, AGE_NAME_CONFIDENCE, "name.before_age")
    first, full = words[0], len(words) > 1
    if first in gazetteer.first_names() or (full and first in gazetteer.word_names()):
        confidence = FULL_NAME_CONFIDENCE if full else FIRST_NAME_CONFIDENCE
        return _found("person", text, start, words, confidence, "name.first_name_gazetteer")
    return None


def _person_items(text: str) -> list[Found]:
    found = [_person(text, start, words) for start, words in _phrases(text)]
    return [item for item in found if item is not None]


def _line_items(text: str) -> list[Found]:
    found: list[Found] = []
    for pattern, confidence, rule in _LINE_CUES:
        for hit in pattern.finditer(text):
            name = hit.group("name")
            if name in _NOT_NAME_WORDS:
                continue
            found.append(_found("line", text, hit.start("name"), [name], confidence, rule))
    for message in _QUOTED_MESSAGE.finditer(text):
        offset = message.start("body")
        for word in _FLARE_WORD.finditer(message.group("body")):
            name = word.group("name")
            if name in _NOT_NAME_WORDS or gazetteer.place(name) is not None:
                continue
            start = offset + word.start()
            found.append(_found("line", text, start, [name], FLARE_CONFIDENCE, "line.flare_text"))
    return found


def names(text: str) -> list[Found]:
    """People, street names and line brands; they may overlap each other and places."""
    return _line_items(text) + _person_items(text)
