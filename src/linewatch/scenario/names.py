"""Names for the synthetic world: people, nicknames, line brands, vehicles, officers."""

from __future__ import annotations


def _words(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(word.strip() for word in text.split(sep))


def _pairs(text: str) -> dict[str, str]:
    return dict(pair.split(":") for pair in text.split())


MALE_FIRST = _words(
    "Jayden Kai Tyler Callum Reece Kyle Jordan Liam Connor Mason Ryan Dylan Bradley "
    "Aaron Nathan Jamal Tyrese Kian Leon Marcus Daniel Michael Anthony Joshua Thomas "
    "Jake Kieran Shane Darren Wayne Dean Lee Craig Gary Stephen Kenneth Robert Peter "
    "Graham Ibrahim Yusuf Amir Hassan Rohan Arjun Kwame Tariq Omar Adil Declan Harvey "
    "Alfie Charlie Elliot Owen Lewis Ashley Jermaine"
)

FEMALE_FIRST = _words(
    "Chloe Jade Kayleigh Shannon Demi Leah Amber Courtney Megan Stacey Tracy Sharon "
    "Karen Julie Donna Lisa Michelle Paula Margaret Susan Maureen Aaliyah Priya Amira "
    "Zara Nadia Precious Ellie Sophie Holly Lauren Gemma Natalie Kerry Tina Dawn"
)

SURNAMES = _words(
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson "
    "Evans Walker White Roberts Green Hall Wood Jackson Clarke Patel Khan Ahmed Hussain "
    "Ali Mistry Chauhan Campbell Francis Bailey Grant Reid Mensah Osei Okafor Adeyemi "
    "Harrison Marshall Turner Hughes Edwards Cooper Ward Morris King Baker Hill Moore "
    "Parker Cook Price Bennett Gray Lawson Fox Barnes Holland Kemp Hewitt Pickering "
    "Dunmore Sharman Towell"
)

# Spellings that records confuse with each other (for near-duplicate, unrelated people).
SOUNDALIKE = _pairs(
    "Jayden:Jaden Kai:Kye Reece:Rhys Kyle:Kial Callum:Calum Mason:Masen Tyrese:Tyreese "
    "Leon:Leon Marcus:Markus Jade:Jayde Kayleigh:Kayley Shannon:Shanon Demi:Demmi "
    "Smith:Smyth Thompson:Thomson Clarke:Clark Davies:Davis Hussain:Hussein Ahmed:Ahmad "
    "Reid:Reed Grey:Gray Francis:Frances Campbell:Campell"
)

DIMINUTIVE = _pairs(
    "Jayden:Jay Callum:Cal Daniel:Danny Michael:Mick Anthony:Tony Joshua:Josh Thomas:Tom "
    "Kenneth:Ken Robert:Rob Stephen:Steve Peter:Pete Bradley:Brad Nathan:Nath Kieran:Kez "
    "Jermaine:Jerm Margaret:Maggie Susan:Sue Michelle:Shell Natalie:Nat Courtney:Court "
    "Ibrahim:Ibby Charlie:Chaz Gemma:Gem Lauren:Laurie"
)

MIDDLE = _words("Lee James John Ray Marie Louise Junior Paul Ann Jay")

STREET_NAMES = _words(
    "Kaz|Tiny|Snoop|Little J|Deeks|Bugsy|Zee|Rico|Smokey|Skinz|Bones|Shorty|Trigga|"
    "Mikey G|Lil T|Ghost|Scrappy|Dotty|Racks|Kilo|Spinz|Fresh|Young D|Flex|Chino|Pepper|"
    "Bandz|Sparks|Kid K|Moony|Twin|Biggz|Nitro|Stacks|Jinx|Yardy|Blade|Duke|Prince",
    "|",
)

LINE_BRANDS = _words(
    "Tony Fizz Boss Dee Kash Lucky Rambo Benji Scotty Cookie Snowy Moss Vic Jet Blaze "
    "Ricky Gucci Taz Milo Spencer Zak Ozzy Loco Digga Nando Tank Flash Ace Pablo Bruno "
    "Kenzo Nike Bobby Santa Max Frosty Diesel Tiger Sonic Banks"
)

# (make, model, colour)
VEHICLES = tuple(
    tuple(v.split(","))
    for v in _words(
        "Volkswagen,Golf,Black|Ford,Fiesta,Grey|Vauxhall,Corsa,White|BMW,1 Series,Black|"
        "Audi,A3,Silver|Toyota,Prius,Silver|Mercedes-Benz,A-Class,White|Seat,Leon,Red|"
        "Ford,Focus,Blue|Peugeot,208,Grey|Vauxhall,Astra,Black|Kia,Ceed,Blue|"
        "Nissan,Qashqai,Grey|Honda,Civic,Red|Skoda,Octavia,Silver|Toyota,Yaris,Blue|"
        "Hyundai,i10,White|Mini,Cooper,Green|Land Rover,Discovery,Green|"
        "Ford,Transit,White|Renault,Clio,Red",
        "|",
    )
)

OFFICERS = _words(
    "PC 2231 Hewitt|PC 1874 Sharma|PC 3310 Doyle|DC 4521 Marsh|PC 0947 Akhtar|"
    "PS 1120 Bramley|PC 3789 Fenwick|DC 2764 Okoye|PCSO 6612 Lyons|PC 4058 Carver",
    "|",
)

JUSTICES = _words(
    "DJ (MC) Harcourt|Mrs J. Pell JP|Mr R. Villiers JP|DJ (MC) Osborne|Ms A. Fairfax JP|"
    "Mr T. Quinton JP",
    "|",
)
