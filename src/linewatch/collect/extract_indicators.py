"""County Lines indicators in report text, each with the phrase that shows it.

The list follows the Home Office guidance on criminal exploitation and county lines and the
cuckooing indicators local safeguarding partnerships publish (domain.md 3.2, 3.3). An
indicator is a reason to look, not a finding: a busy taxi office has short visits too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from linewatch.collect.extract_items import IndicatorHit


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    pattern: re.Pattern[str]


def _indicator(code: str, label: str, *phrases: str) -> Indicator:
    return Indicator(code, label, re.compile("|".join(phrases), re.IGNORECASE))


_HUB = (
    r"(?:Leicester|Nottingham|Birmingham|Brum|London|Peterborough|Manchester|Liverpool"
    r"|the\s+city)"
)
_NUMBER = r"(?:two|three|four|five|several|multiple|lots\s+of|loads\s+of|[2-9])"

INDICATORS: tuple[Indicator, ...] = (
    _indicator(
        "cuckooing",
        "cuckooing: a vulnerable person's home taken over",
        r"\bcuckoo\w*",
        r"\b(?:taken|took|taking|take)\s+over\s+(?:the|his|her|their|my)\s+(?:\w+\s+)?(?:\w+['’]s\s+)?"
        r"(?:flat|house|home|place|property)",
        r"\b(?:using|use|used)\s+(?:the|his|her|their)\s+(?:place|flat|house|home|property)\b",
        r"\b(?:lads|males|people|youths|they)\s+(?:have\s+been|are|were)\s+staying\b",
        r"\bcan(?:no|['’])t\s+get\s+them\s+to\s+leave\b",
        r"\bbedding\s+in\s+the\s+living\s+room\b",
        r"\b(?:unknown|new|strange)\s+(?:young\s+)?(?:people|males|lads|faces)\s+(?:at|in)\s+"
        r"the\s+(?:property|flat|house|address)\b",
        r"\bvisitors\s+from\s+the\s+city\b",
        r"\b(?:young\s+)?(?:males|lads|youths)\s+(?:were|are)\s+(?:in|at)\s+the\s+(?:flat|house|property)\b",
        r"\b(?:bank|debit)\s+card\s+is\s+['‘]?with\s+a\s+mate",
        r"\bmissing\s+medication\b",
        r"\bdoor\s+(?:has\s+been\s+|was\s+)?(?:kicked\s+in|damaged|forced)",
        r"\b(?:is|are)\s+vulnerable\b",
        r"\bvulnerable\s+(?:tenant|adult|man|woman|person|resident|occupant)\b",
    ),
    _indicator(
        "out_of_area",
        "young people or adults from outside the area",
        r"\b(?:aren['’]t|are\s+not|isn['’]t|is\s+not|not)\s+from\s+(?:a?round\s+here|the\s+area)",
        r"\b(?:city|London|Brummie|Birmingham|Scouse)\s+accent\b",
        r"\b(?:from|out\s+of)\s+" + _HUB + r"(?:\s+address)?\b",
        _HUB + r"\s+address\b",
        r"\brotated\s+into\b",
        r"\bvisiting\s+a\s+mate\b",
        r"\bfound\s+in\s+(?-i:[A-Z])\w+",
        r"\b(?:driven|brought|sent)\s+(?:up\s+|down\s+)?to\s+(?-i:[A-Z])\w+",
    ),
    _indicator(
        "bulk_texts",
        "bulk or marketing texts (flares)",
        r"\b(?:bulk|mass|group|random)\s+(?:texts?|messages?|sms)\b",
        r"\bsame\s+message\b[^.]{0,40}\b(?:loads|lots|hundreds)\s+of\s+people\b",
        r"\btexts?\b[^.]{0,40}\badvertising\b",
        r"\bhundreds\s+of\s+(?:texts|messages)\b",
        r"\b(?:texts|messages)\s+come\s+most\s+days\b",
        r"\bflares?\b",
    ),
    _indicator(
        "short_visits",
        "short visits: people and cars calling briefly at all hours",
        r"\bonly\s+stay(?:s|ed)?\s+(?:for\s+)?(?:a\s+couple\s+of|a\s+few|one|two|five)\s+minutes?",
        r"\b(?:a\s+couple\s+of|a\s+few|two|five)\s+minutes\s+later\b",
        r"\bin\s+and\s+out\b",
        r"\bcom(?:ing|es)\s+and\s+go(?:ing|es)\b",
        r"\bknocking\s+and\s+leaving\b",
        r"\b(?:cars?|people|visitors)\s+(?:pull(?:s|ing)?\s+up|jumping\s+in\s+and\s+out)",
        r"\bconstant\s+(?:visitors|callers|knocking)\b",
        r"\ball\s+hours\b",
        r"\bknocking\s+through\s+the\s+night\b",
        r"\bhand[\s-]to[\s-]hand\b",
    ),
    _indicator(
        "weapons",
        "weapons",
        r"\b(?:lock\s+)?knife\b",
        r"\bknives\b",
        r"\bmachetes?\b",
        r"\b(?:zombie\s+)?blades?\b",
        r"\b(?:guns?|firearms?|pistols?|shotguns?)\b",
        r"\bweapons?\b",
        r"\bbaseball\s+bats?\b",
    ),
    _indicator(
        "cash",
        "cash",
        r"£\s?\d[\d,]*(?:\.\d\d)?(?:\s+in)?\s+cash\b",
        r"\bwads?\s+of\s+(?:cash|money|notes)\b",
        r"\bcash\b",
        r"\b(?:give|gives|giving)\s+credit\b",
        r"\bpeople\s+who\s+owe\b",
    ),
    _indicator(
        "multiple_phones",
        "several phones, or a phone that never stops",
        rf"\b{_NUMBER}\s+(?:phones|mobiles|handsets|sims|sim\s+cards)\b",
        r"\bphones\s+charging\b",
        r"\bsecond\s+phone\b",
        r"\bphone\s+(?:that\s+)?(?:keeps\s+ringing|rang\s+repeatedly)",
    ),
    _indicator(
        "missing",
        "missing from home, care or school",
        r"\bmissing\s+from\s+(?:home|care|school)\b",
        r"\b(?:gone|went|goes)\s+missing\b",
        r"\battendance\s+has\s+(?:dropped|fallen)",
        r"\bshould\s+be\s+in\s+school\b",
    ),
    _indicator(
        "young_people",
        "children or young people involved",
        r"\byouths?\b",
        r"\byoung\s+(?:lads|males|people|boys|girls)\b",
        r"\b(?:kids|children|teenagers?|pupils?)\b",
        r"\b1[0-7]\s+or\s+1[0-7]\b",
        r"\b(?:is|aged)\s+1[0-7]\b",
        r"\byear\s+(?:7|8|9|10|11)\b",
        r"\bunder\s+18\b",
    ),
    _indicator(
        "drug_supply",
        "drug supply",
        r"\b(?:heroin|crack|cocaine|class\s+a|b\+w|brown\s+and\s+white)\b",
        r"\bdrug\s+deal\w*",
        r"\bdeals\s+going\s+on\b",
        r"\bdeal\s+line\b",
        r"\bneedles\b",
        r"\bsmell\s+of\s+(?:weed|cannabis)\b",
        r"\blinked\s+to\s+(?:drug\s+)?supply\b",
        r"\b(?:deal\s+)?line\s+(?:number|named|known\s+as)\b",
        r"\bscores?\s+from\b",
        r"\bsupplying\b",
    ),
)
LABELS = {indicator.code: indicator.label for indicator in INDICATORS}


def indicators(text: str) -> list[IndicatorHit]:
    """Every indicator phrase in ``text``, in order of position."""
    hits = [
        IndicatorHit(i.code, i.label, m.start(), m.end(), m.group(), f"indicator.{i.code}")
        for i in INDICATORS
        for m in i.pattern.finditer(text)
        if m.end() > m.start()
    ]
    return sorted(hits, key=lambda h: (h.start, h.indicator))
