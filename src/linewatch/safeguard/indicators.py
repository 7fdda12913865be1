"""Indicators in words: what in a report's sanitised text points to cuckooing or to a child
being criminally exploited (domain rules 3.2 and 3.3).

Each pattern carries a weight and a label a user reads as the reason for a flag. The patterns
run over the *sanitised* text only: the original words stay restricted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    weight: float
    pattern: re.Pattern[str]


def _indicator(code: str, label: str, weight: float, pattern: str) -> Indicator:
    return Indicator(code, label, weight, re.compile(pattern, re.IGNORECASE))


CUCKOOING_TEXT: tuple[Indicator, ...] = (
    _indicator("CUCKOO", "says the home is cuckooed", 3.0, r"\bcuckoo"),
    _indicator(
        "TAKEN_OVER",
        "says the home has been taken over",
        3.0,
        r"\b(?:taken|took|taking) over\b|\btrap ?house\b|\btook the flat\b",
    ),
    _indicator(
        "CALLERS_AT_ALL_HOURS",
        "visitors at all hours",
        2.0,
        r"\ball hours\b|\bcomings and goings\b|\b(?:coming|going) and (?:going|coming)\b"
        r"|\bin and out\b|\bconstant (?:visitors|callers|traffic)\b|\bday and night\b"
        r"|\bvisitors late\b|\blate at night\b|\bat all times\b",
    ),
    _indicator(
        "OTHERS_STAYING",
        "others staying at the home",
        2.0,
        r"\b(?:friends|lads|men|people|others|visitors|youths)'?\s+(?:have been |are |were )?"
        r"staying\b|\bstaying at the (?:flat|house|property|address)\b|\bcan't get them to leave\b",
    ),
    _indicator(
        "POSSIBLE_EXPLOITATION",
        "possible exploitation of the occupant",
        2.0,
        r"\bpossible exploitation\b|\bbeing exploited\b|\bexploit(?:ed|ing) (?:him|her|them)\b",
    ),
    _indicator(
        "YOUNG_STRANGERS",
        "young people or strangers staying or calling",
        2.0,
        r"\byoung (?:lads|boys|men|people|kids)\b|\bteenagers?\b|\bstrangers?\b"
        r"|\bnot from (?:round|around) here\b|\blondon accents?\b|\bnew faces\b",
    ),
    _indicator(
        "OCCUPANT_NOT_SEEN",
        "the occupant has not been seen",
        2.0,
        r"\bnot (?:been )?seen (?:him|her|them|the (?:tenant|occupant|resident))\b"
        r"|\b(?:hasn't|has not|haven't|have not) been seen\b|\bnot been seen\b"
        r"|\b(?:haven't|have not|hasn't|has not|nobody has|no one has) seen (?:\w+ ){0,2}"
        r"(?:for|in|since)\b",
    ),
    _indicator(
        "DRUG_SIGNS",
        "signs of drug supply at the address",
        1.0,
        r"\bsmell of (?:cannabis|weed|drugs|skunk)\b|\bdealing (?:from|out of)\b"
        r"|\bdrug (?:dealing|deals|paraphernalia)\b|\bneedles\b|\bcrack\b",
    ),
    _indicator(
        "VEHICLES_CALLING",
        "cars or bikes calling briefly",
        1.0,
        r"\b(?:cars?|bikes?|taxis?) (?:pulling up|calling|stopping|outside)\b|\bshort visits?\b",
    ),
    _indicator(
        "OCCUPANT_FRIGHTENED",
        "the occupant seems frightened or controlled",
        1.5,
        r"\b(?:scared|frightened|terrified|intimidated|withdrawn)\b",
    ),
)

EXPLOITATION_TEXT: tuple[Indicator, ...] = (
    _indicator(
        "RUNNER",
        "described as running drugs",
        3.0,
        r"\brunn(?:er|ers|ing) (?:for|drugs)\b|\brunners?\b",
    ),
    _indicator(
        "COUNTY_LINE", "linked to a county line", 2.0, r"\bcounty lines?\b|\bdeal(?:ing)? line\b"
    ),
    _indicator(
        "MISSING",
        "missing from home, care or school",
        2.0,
        r"\bmissing (?:from|episodes?)\b|\b(?:gone|went|goes|reported) missing\b",
    ),
    _indicator("PLUGGING", "drugs concealed internally", 3.0, r"\bplugg(?:ing|ed)\b"),
    _indicator(
        "PHONES_CASH",
        "unexplained phones, cash or goods",
        1.5,
        r"\b(?:several|two|multiple|new|burner) phones?\b|\bunexplained (?:cash|money|clothes)\b"
        r"|\bwads? of cash\b",
    ),
    _indicator(
        "OLDER_ASSOCIATES",
        "with older or controlling people",
        1.5,
        r"\bolder (?:m[ae]n|males?|lads?|boys?|associates|friends)\b|\bcontrolling\b",
    ),
    _indicator(
        "TRAVEL",
        "travelling far from home",
        1.0,
        r"\btrain tickets?\b|\b(?:on|off) the train\b|\bfrom (?:london|birmingham|leicester)\b",
    ),
    _indicator(
        "CHILD_DEALING",
        "a child seen dealing",
        2.0,
        r"\b(?:kids?|children|schoolboys?|schoolkids?|young lads?)\b.{0,40}"
        r"\b(?:deal|dealing|selling|drugs)\b"
        r"|\b1[0-7] ?(?:-? ?year|yr)s?[- ]old\b",
    ),
    _indicator(
        "INJURY_WEAPON",
        "injuries or weapons",
        1.5,
        r"\binjur(?:y|ies|ed)\b|\bknife\b|\bmachete\b|\bstabb",
    ),
    _indicator(
        "TRAP_HOUSE", "found at a trap house or cuckooed address", 2.0, r"\btrap ?house\b|\bcuckoo"
    ),
)


def found(indicators: tuple[Indicator, ...], text: str | None) -> list[Indicator]:
    """The indicators whose pattern occurs in ``text`` (each counted once)."""
    if not text:
        return []
    return [i for i in indicators if i.pattern.search(text)]


def weight(indicators: list[Indicator], cap: float) -> float:
    return min(cap, sum(i.weight for i in indicators))
