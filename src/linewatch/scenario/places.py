"""The geography of the synthetic world: Rutland's towns and villages, the exporting hubs,
cell sites and ANPR cameras.

Coordinates are real-looking (town centres, points on the A1, A47, A606 and A6003); streets are
real street names used as settings only: every address built on them is synthetic. Postcode
units are invented in the right districts (LE15, PE9) and flagged synthetic like everything else.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# Letters Royal Mail uses in the inward code (never C, I, K, M, O, V).
_INWARD = "ABDEFGHJLNPQRSTUWXYZ"


@dataclass(frozen=True)
class Town:
    name: str
    latitude: float
    longitude: float
    outward: str
    sectors: str
    weight: float
    streets: tuple[str, ...]
    # Local names residents and officers use: for estates (where flats are) and for public
    # spots (where people meet, deal or gather).
    estates: tuple[str, ...] = ()
    spots: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hub:
    name: str
    latitude: float
    longitude: float
    districts: tuple[str, ...]
    streets: tuple[str, ...]
    force: str
    neighbourhoods: tuple[str, ...]


@dataclass(frozen=True)
class CellSite:
    cell_id: str
    latitude: float
    longitude: float
    area: str  # a Rutland town or a hub


@dataclass(frozen=True)
class Camera:
    camera_id: str
    road: str
    site: str
    direction: str
    latitude: float
    longitude: float


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split("|"))


TOWNS: tuple[Town, ...] = (
    Town(
        "Oakham",
        52.6699,
        -0.7275,
        "LE15",
        "66",
        5.0,
        _split(
            "High Street|Melton Road|Braunston Road|Station Road|Burley Road|Cold Overton Road|"
            "Barleythorpe Road|Welland Way|Kilburn Road|Willow Crescent|Ashwell Road|John Street|"
            "Northgate|South Street|Mill Street|Churchill Road|Derwent Drive|Brooke Road|"
            "Cricket Lawns|Woodland View|Catmose Park Road|Sandringham Close"
        ),
        ("the Lawns", "the Barleythorpe estate"),
        ("the Buttercross", "the station car park", "the Rec"),
    ),
    Town(
        "Uppingham",
        52.5869,
        -0.7240,
        "LE15",
        "99",
        3.0,
        _split(
            "High Street East|High Street West|Ayston Road|Leicester Road|Stockerston Road|"
            "Seaton Road|Queen Street|North Street East|Orange Street|Spring Back Way|London Road"
        ),
        (),
        ("the Market Place", "the Beast Market car park"),
    ),
    Town(
        "Cottesmore",
        52.7130,
        -0.6650,
        "LE15",
        "7",
        1.2,
        _split("Main Street|Mill Lane|The Leas|Rogues Lane|Greetham Road"),
        ("the camp houses",),
    ),
    Town(
        "Ketton",
        52.6285,
        -0.5520,
        "PE9",
        "3",
        1.2,
        _split("High Street|Empingham Road|Stamford Road|Chapel Lane|Redmiles Lane|Aldgate"),
        ("the quarry estate",),
    ),
    Town(
        "Empingham",
        52.6660,
        -0.5960,
        "LE15",
        "8",
        0.6,
        _split("Main Street|Audit Hall Road|Crocket Lane|Church Street"),
    ),
    Town(
        "Whissendine",
        52.7200,
        -0.7670,
        "LE15",
        "7",
        0.7,
        _split("Main Street|Stapleford Road|Ashwell Road|Melton Road"),
    ),
    Town(
        "Langham",
        52.6935,
        -0.7515,
        "LE15",
        "7",
        0.7,
        _split("Burley Road|Church Street|Well Street|Manor Lane"),
    ),
    Town(
        "Greetham",
        52.7240,
        -0.6300,
        "LE15",
        "7",
        0.5,
        _split("Main Street|Great Lane|Stretton Road|Oakham Road"),
    ),
    Town(
        "Market Overton",
        52.7360,
        -0.6870,
        "LE15",
        "7",
        0.4,
        _split("Main Street|Bowling Green Lane|Teigh Road"),
    ),
    Town(
        "Ryhall",
        52.6880,
        -0.4670,
        "PE9",
        "4",
        0.8,
        _split("Bridge Street|Church Street|Coppice Road|Meadow Close|Stamford Road"),
    ),
    Town(
        "Edith Weston",
        52.6400,
        -0.6330,
        "LE15",
        "8",
        0.5,
        _split("Well Cross|Church Lane|King Edward's Way|Manton Road"),
    ),
    Town(
        "Braunston",
        52.6520,
        -0.7700,
        "LE15",
        "8",
        0.4,
        _split("Cedar Street|Knossington Road|Wood Lane|Church Street"),
    ),
    Town(
        "Great Casterton",
        52.6680,
        -0.5210,
        "PE9",
        "4",
        0.4,
        _split("Main Street|Ryhall Road|Pickworth Road"),
    ),
)

HUBS: tuple[Hub, ...] = (
    Hub(
        "Leicester",
        52.6369,
        -1.1398,
        ("LE2", "LE3", "LE4", "LE5"),
        _split("Mere Road|St Saviours Road|Hinckley Road|Gooding Avenue|Marwood Road|Dysart Way"),
        "Leicestershire Police",
        ("Highfields", "Braunstone", "Beaumont Leys", "New Parks"),
    ),
    Hub(
        "Nottingham",
        52.9548,
        -1.1581,
        ("NG3", "NG6", "NG2", "NG11"),
        _split("Alfreton Road|Hucknall Road|Arkwright Walk|Robin Hood Chase|Southchurch Drive"),
        "Nottinghamshire Police",
        ("St Ann's", "Bulwell", "the Meadows", "Clifton"),
    ),
    Hub(
        "Peterborough",
        52.5695,
        -0.2405,
        ("PE1", "PE4", "PE3"),
        _split("Lincoln Road|Gladstone Street|Welland Road|Bourges Boulevard|Eastfield Road"),
        "Cambridgeshire Constabulary",
        ("Millfield", "Dogsthorpe", "Westwood", "Orton"),
    ),
    Hub(
        "Birmingham",
        52.4862,
        -1.8904,
        ("B20", "B6", "B10", "B19"),
        _split("Soho Road|Lozells Road|Coventry Road|Witton Road|Heathfield Road"),
        "West Midlands Police",
        ("Handsworth", "Aston", "Small Heath", "Lozells"),
    ),
    Hub(
        "London",
        51.5072,
        -0.1276,
        ("N17", "E8", "SW2", "SE15"),
        _split("Park Lane|Mare Street|Brixton Hill|Rye Lane|Tiverton Road|Kingsland Road"),
        "Metropolitan Police Service",
        ("Tottenham", "Hackney", "Brixton", "Peckham"),
    ),
)

# Camera sites: (road, site, latitude, longitude, the two directions it reads).
_CAMERA_SITES = (
    ("A1", "A1 Tickencote", 52.6750, -0.5420, ("NB", "SB")),
    ("A1", "A1 Stretton", 52.7330, -0.5950, ("NB", "SB")),
    ("A1", "A1 Wansford", 52.5800, -0.4090, ("NB", "SB")),
    ("A1", "A1 Colsterworth", 52.8050, -0.6200, ("NB", "SB")),
    ("A47", "A47 Morcott", 52.5910, -0.6380, ("EB", "WB")),
    ("A47", "A47 Glaston", 52.5920, -0.6870, ("EB", "WB")),
    ("A47", "A47 East Norton", 52.5990, -0.8560, ("EB", "WB")),
    ("A47", "A47 Duddington", 52.5980, -0.5400, ("EB", "WB")),
    ("A606", "A606 Barleythorpe", 52.6820, -0.7500, ("EB", "WB")),
    ("A606", "A606 Whitwell", 52.6620, -0.6470, ("EB", "WB")),
    ("A606", "A606 Burton Lazars", 52.7480, -0.8630, ("EB", "WB")),
    ("A6003", "A6003 Preston", 52.6140, -0.7210, ("NB", "SB")),
    ("A6003", "A6003 Caldecott", 52.5380, -0.7260, ("NB", "SB")),
    ("A6003", "A6003 Rockingham", 52.5160, -0.7200, ("NB", "SB")),
)

# The way each hub's couriers drive in: camera sites in order, minutes after setting off, and
# the direction read on the way in (the way out reads the opposite direction, in reverse).
ROUTES: dict[str, tuple[tuple[tuple[str, int, str], ...], ...]] = {
    "Leicester": (
        (("A47 East Norton", 25, "EB"), ("A47 Glaston", 35, "EB"), ("A6003 Preston", 42, "NB")),
        (("A606 Burton Lazars", 35, "EB"), ("A606 Barleythorpe", 48, "EB")),
    ),
    "Birmingham": (
        (("A47 East Norton", 80, "EB"), ("A47 Glaston", 90, "EB"), ("A6003 Preston", 97, "NB")),
    ),
    "Nottingham": ((("A606 Burton Lazars", 40, "EB"), ("A606 Barleythorpe", 52, "EB")),),
    "Peterborough": (
        (("A1 Wansford", 12, "NB"), ("A1 Tickencote", 22, "NB"), ("A606 Whitwell", 30, "WB")),
        (("A47 Duddington", 18, "WB"), ("A47 Morcott", 24, "WB"), ("A6003 Preston", 34, "NB")),
    ),
    "London": (
        (("A1 Wansford", 95, "NB"), ("A1 Tickencote", 105, "NB"), ("A606 Whitwell", 113, "WB")),
        (("A6003 Rockingham", 110, "NB"), ("A6003 Caldecott", 115, "NB")),
    ),
}
OPPOSITE = {"NB": "SB", "SB": "NB", "EB": "WB", "WB": "EB"}


def cameras() -> list[Camera]:
    out = []
    for road, site, lat, lon, directions in _CAMERA_SITES:
        code = site.split(" ", 1)[1][:3].upper()
        for direction in directions:
            out.append(Camera(f"{road}-{code}-{direction}", road, site, direction, lat, lon))
    return out


def camera_for(site: str, direction: str) -> Camera:
    for camera in cameras():
        if camera.site == site and camera.direction == direction:
            return camera
    raise KeyError((site, direction))


def town(name: str) -> Town:
    for t in TOWNS:
        if t.name == name:
            return t
    raise KeyError(name)


def hub(name: str) -> Hub:
    for h in HUBS:
        if h.name == name:
            return h
    raise KeyError(name)


def postcode(rng: random.Random, outward: str, sectors: str) -> str:
    return f"{outward} {rng.choice(sectors)}{rng.choice(_INWARD)}{rng.choice(_INWARD)}"


def jitter(rng: random.Random, lat: float, lon: float, spread: float) -> tuple[float, float]:
    return round(lat + rng.uniform(-spread, spread), 6), round(
        lon + rng.uniform(-spread, spread), 6
    )


def cell_sites(rng: random.Random) -> list[CellSite]:
    """Masts in each Rutland town (more in the two towns) and in each hub."""
    sites: list[CellSite] = []
    lac = 5300
    for t in TOWNS:
        lac += 1
        for i in range(3 if t.weight >= 3 else 1 if t.weight < 1 else 2):
            lat, lon = jitter(rng, t.latitude, t.longitude, 0.006)
            sites.append(CellSite(f"{lac}-{10101 + 97 * i + lac % 89}", lat, lon, t.name))
    for h in HUBS:
        lac += 1
        for i in range(5):
            lat, lon = jitter(rng, h.latitude, h.longitude, 0.03)
            sites.append(CellSite(f"{lac}-{20101 + 131 * i + lac % 97}", lat, lon, h.name))
    return sites
