"""A person's name split the way probabilistic matching compares it.

Agencies write one name many ways: "SMITH, Jayden", "Mr Jayden Lee Smith", "J. Smith",
"Jay Smith". Matching compares the first given name, the surname and a nickname-folded first
name separately, so an initial, a middle name or a diminutive costs a little, not everything.
"""

from __future__ import annotations

from dataclasses import dataclass

from linewatch.resolve.normalise import _TITLES, _tokens

# Common English diminutives, folded to one formal name. A nickname shared by several
# formal names ("Sam") is left out rather than guessed.
_DIMINUTIVES: dict[str, tuple[str, ...]] = {
    "anthony": ("tony", "ant"),
    "bradley": ("brad",),
    "callum": ("cal",),
    "charles": ("charlie", "chaz", "chas"),
    "christopher": ("chris",),
    "courtney": ("court",),
    "daniel": ("danny", "dan"),
    "david": ("dave", "davey"),
    "elizabeth": ("liz", "lizzie", "beth"),
    "gemma": ("gem",),
    "ibrahim": ("ibby",),
    "james": ("jim", "jimmy", "jamie"),
    "jayden": ("jay",),
    "jermaine": ("jerm",),
    "jonathan": ("jon",),
    "joseph": ("joe",),
    "joshua": ("josh",),
    "kenneth": ("ken", "kenny"),
    "kieran": ("kez",),
    "lauren": ("laurie",),
    "margaret": ("maggie", "peggy", "meg"),
    "matthew": ("matt",),
    "michael": ("mick", "mike", "mikey"),
    "michelle": ("shell",),
    "nathan": ("nath", "nate"),
    "natalie": ("nat",),
    "nicholas": ("nick", "nicky"),
    "peter": ("pete",),
    "rebecca": ("becky", "becca"),
    "richard": ("rich", "rick", "dick"),
    "robert": ("rob", "bob", "bobby", "robbie"),
    "stephen": ("steve", "stevie"),
    "steven": ("steve", "stevie"),
    "susan": ("sue", "susie"),
    "thomas": ("tom", "tommy"),
    "william": ("will", "bill", "billy", "liam"),
}
_FORMAL: dict[str, str] = {}
for _formal, _short in _DIMINUTIVES.items():
    for _nick in _short:
        _FORMAL.setdefault(_nick, _formal)


def formal_first_name(first: str) -> str:
    """The formal name a diminutive stands for ("tony" -> "anthony"), else the name itself."""
    return _FORMAL.get(first, first)


@dataclass(frozen=True)
class NameParts:
    """Lower-case parts of one written name; empty strings where a part is missing."""

    first: str
    middle: str
    surname: str

    @property
    def first_formal(self) -> str:
        return formal_first_name(self.first)


def name_parts(raw: str) -> NameParts:
    """Split a written name: "SMITH, Jayden Lee" and "Mr Jayden Lee Smith" give one answer.

    A comma means "surname first", as police indexes and care records write it; otherwise the
    last word is the surname. Titles are dropped; an initial stays a one-letter first name.
    """
    if "," in raw:
        surname_part, _, given_part = raw.partition(",")
        surname_words = [t for t in _tokens(surname_part) if t not in _TITLES]
        given = [t for t in _tokens(given_part) if t not in _TITLES]
        surname = " ".join(surname_words)
    else:
        words = [t for t in _tokens(raw) if t not in _TITLES]
        surname = words[-1] if len(words) > 1 else ""
        given = words[:-1] if len(words) > 1 else words
    first = given[0] if given else ""
    return NameParts(first=first, middle=" ".join(given[1:]), surname=surname)
