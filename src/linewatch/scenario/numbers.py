"""Phone numbers, handsets and SIMs for the synthetic world.

Every number comes from Ofcom's drama ranges (``linewatch.types.phone.DRAMA_RANGES``), which
hold about 20,000 numbers in all, and only 1,000 mobiles. The ``NumberBook`` shares them out:

* line numbers (deal numbers and the phones of line holders, controllers, runners and
  storekeepers) are drawn once for the whole scenario from a shuffled mobile pool, so a line
  number names one phone across every sub-world;
* subscriber numbers (customers, ordinary people, businesses) are drawn per sub-world from
  what the line block left, so at the large scale they repeat across independent sub-worlds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from linewatch.types.phone import DRAMA_RANGES

MOBILE_PREFIX = DRAMA_RANGES["Mobile"]
RUTLAND_LANDLINE_PREFIX = DRAMA_RANGES["No specific area"]
HUB_LANDLINE_PREFIX = {
    "Leicester": DRAMA_RANGES["Leicester"],
    "Nottingham": DRAMA_RANGES["Nottingham"],
    "Birmingham": DRAMA_RANGES["Birmingham"],
    "London": DRAMA_RANGES["London"],
    # Peterborough has no drama range of its own; its landlines share the fictional one.
    "Peterborough": DRAMA_RANGES["No specific area"],
}
BULK_SENDER_PREFIX = DRAMA_RANGES["UK-wide (03)"]

# Mobile network codes behind the operators whose returns make up the call productions.
OPERATORS = ("a", "b", "c")
_OPERATOR_MNC = {"a": "10", "b": "15", "c": "30"}
# Type allocation codes (the first 8 digits of an IMEI) of common handsets.
_TACS = ("35332811", "35391110", "35674108", "86769504", "35925406", "35420911", "01332700")


def e164(national: str) -> str:
    """+44 form of a national number written as digits with its leading zero."""
    return "+44" + national[1:]


def national(number: str) -> str:
    return "0" + number[3:]


def numbers_of(prefix: str) -> list[str]:
    return [e164(f"{prefix}{i:03d}") for i in range(1000)]


def is_mobile(number: str) -> bool:
    return national(number).startswith(MOBILE_PREFIX)


def luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


@dataclass
class DeviceMaker:
    """Unique IMEIs and IMSIs for the whole scenario."""

    rng: random.Random
    _imeis: set[str] = field(default_factory=set)
    _imsis: set[str] = field(default_factory=set)

    def imei(self) -> str:
        while True:
            body = self.rng.choice(_TACS) + f"{self.rng.randrange(10**6):06d}"
            imei = body + luhn_digit(body)
            if imei not in self._imeis:
                self._imeis.add(imei)
                return imei

    def imsi(self, operator: str) -> str:
        while True:
            imsi = "234" + _OPERATOR_MNC[operator] + f"{self.rng.randrange(10**10):010d}"
            if imsi not in self._imsis:
                self._imsis.add(imsi)
                return imsi


class NumberBook:
    """Hands out drama-range numbers: line numbers once per scenario, the rest per sub-world."""

    def __init__(self, rng: random.Random, line_block: int) -> None:
        mobiles = numbers_of(MOBILE_PREFIX)
        rng.shuffle(mobiles)
        if line_block > len(mobiles) - 200:
            raise ValueError(f"{line_block} line numbers leave too few mobiles for subscribers")
        self._line_numbers = mobiles[:line_block]
        self._subscriber_mobiles = mobiles[line_block:]
        self._next_line = 0

    def line_number(self) -> str:
        if self._next_line >= len(self._line_numbers):
            raise ValueError("the scenario ran out of line numbers; raise the line block")
        number = self._line_numbers[self._next_line]
        self._next_line += 1
        return number

    def world(self, rng: random.Random) -> WorldNumbers:
        return WorldNumbers(rng, list(self._subscriber_mobiles))


class WorldNumbers:
    """Subscriber numbers for one sub-world: each number at most once within it."""

    def __init__(self, rng: random.Random, mobiles: list[str]) -> None:
        self._rng = rng
        rng.shuffle(mobiles)
        self._mobiles = mobiles
        self._landlines: dict[str, list[str]] = {}

    def mobile(self) -> str:
        if not self._mobiles:
            raise ValueError("the sub-world ran out of drama-range mobile numbers")
        return self._mobiles.pop()

    def mobiles_left(self) -> int:
        return len(self._mobiles)

    def landline(self, prefix: str) -> str:
        pool = self._landlines.get(prefix)
        if pool is None:
            pool = numbers_of(prefix)
            self._rng.shuffle(pool)
            self._landlines[prefix] = pool
        if not pool:
            raise ValueError(f"the sub-world ran out of drama-range numbers in {prefix}")
        return pool.pop()


def _group(digits: str, sizes: tuple[int, ...]) -> list[str]:
    out, i = [], 0
    for size in sizes:
        out.append(digits[i : i + size])
        i += size
    if i < len(digits):
        out.append(digits[i:])
    return [g for g in out if g]


def _mobile_styles(nat: str) -> list[str]:
    return [
        f"{nat[:5]} {nat[5:]}",
        nat,
        f"{nat[:5]} {nat[5:8]} {nat[8:]}",
        f"+44 {nat[1:5]} {nat[5:]}",
        "+44" + nat[1:],
        f"({nat[:5]}) {nat[5:]}",
        f"{nat[:5]}-{nat[5:8]}-{nat[8:]}",
        f"{nat[:4]} {nat[4:7]} {nat[7:]}",
        f"0044 {nat[1:5]} {nat[5:8]} {nat[8:]}",
        f"+44 (0){nat[1:5]} {nat[5:]}",
    ]


def _landline_styles(nat: str) -> list[str]:
    if nat.startswith("020"):
        return [
            " ".join(_group(nat, (3, 4, 4))),
            f"(020) {nat[3:7]} {nat[7:]}",
            f"{nat[:4]} {nat[4:7]} {nat[7:]}",
            nat,
            "+44 " + " ".join(_group(nat[1:], (2, 4, 4))),
        ]
    area = 5 if nat.startswith("01632") or nat.startswith("03069") else 4
    if nat.startswith("0909") or nat.startswith("08081"):
        area = 4 if nat.startswith("0909") else 5
    return [
        f"{nat[:area]} {nat[area : area + 3]} {nat[area + 3 :]}",
        f"({nat[:area]}) {nat[area:]}",
        nat,
        f"{nat[:area]} {nat[area:]}",
        "+44 " + nat[1:area] + " " + nat[area:],
    ]


def written(number: str, rng: random.Random, letter_o: float = 0.08) -> str:
    """``number`` (E.164) written the way a person might: spaced, run together, +44, (0), and
    now and then with the letter O for a zero."""
    nat = national(number)
    styles = _mobile_styles(nat) if is_mobile(number) else _landline_styles(nat)
    text = rng.choice(styles)
    if rng.random() < letter_o:
        text = text.replace("0", "O") if rng.random() < 0.5 else text.replace("00", "OO")
    return text


def tidy(number: str) -> str:
    """The usual written form: ``07700 900123`` or ``0116 496 0123``."""
    nat = national(number)
    return _mobile_styles(nat)[0] if is_mobile(number) else _landline_styles(nat)[0]
