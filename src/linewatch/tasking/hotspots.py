"""Hotspots: where to patrol, scored over Rutland's 2011 LSOAs and its wards.

Each located signal (see ``signals``) adds its weight, halved for every half-life of age
(``hotspot_half_life_days``). Published street crime is a background layer: it shares out
``hotspot_crime_share`` of the total score by where that crime was, so the picture still
leads. Every hotspot lists its reasons, strongest first, and the records behind them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from shapely.geometry import Point

from linewatch import geo, settings
from linewatch.access import Access, Permission
from linewatch.model import AuditOperation
from linewatch.tasking import signals as sig
from linewatch.tasking.signals import Signal

METHOD = "tasking.hotspots"
METHOD_VERSION = "1"
LAYERS = ("lsoa", "ward")
LEVELS = (("HIGH", 0.5), ("MEDIUM", 0.2), ("LOW", 0.05))


@dataclass(frozen=True)
class Hotspot:
    code: str
    name: str
    layer: str
    place: str
    score: float
    rank: int
    level: str
    reasons: list[str]
    evidence: list[dict[str, str]]
    counts: dict[str, int]


@dataclass
class HotspotPicture:
    as_of: date
    half_life_days: float
    crime_newest_month: str | None
    lsoas: list[Hotspot] = field(default_factory=list)
    wards: list[Hotspot] = field(default_factory=list)
    points: list[dict[str, Any]] = field(default_factory=list)
    method: str = METHOD
    method_version: str = METHOD_VERSION

    def layer(self, name: str) -> list[Hotspot]:
        return self.lsoas if name == "lsoa" else self.wards

    def top(self, layer: str = "lsoa", n: int = 5) -> list[Hotspot]:
        return [h for h in self.layer(layer) if h.score > 0][:n]

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return asdict(self)


def decay(
    signal: Signal,
    as_of: datetime,
    crime_reference: datetime | None,
    half_life: float | None = None,
) -> float:
    """The signal's weight after ageing: halved every half-life, never grown by the future."""
    reference = crime_reference if signal.kind == sig.CRIME and crime_reference else as_of
    age_days = max((reference - signal.at).total_seconds() / 86400, 0.0)
    return float(signal.weight * 0.5 ** (age_days / (half_life or sig.half_life_days())))


def areas(layer: str) -> list[geo.Area]:
    return geo.rutland_lsoas() if layer == "lsoa" else geo.rutland_wards()


def place_of(area: geo.Area) -> str:
    """The ward an LSOA lies in (by a point inside it), so that "Rutland 004D" means something."""
    point = area.geometry.representative_point()
    ward = next((w for w in geo.rutland_wards() if w.prepared.contains(point)), None)
    return ward.name if ward else area.name


class Locator:
    """Which area of a layer a point falls in, remembered per point (reads repeat cameras)."""

    def __init__(self, layer: str) -> None:
        self.areas = areas(layer)
        self._seen: dict[tuple[float, float], str | None] = {}

    def __call__(self, latitude: float, longitude: float) -> str | None:
        key = (round(latitude, 6), round(longitude, 6))
        if key not in self._seen:
            point = Point(longitude, latitude)
            self._seen[key] = next((a.code for a in self.areas if a.prepared.contains(point)), None)
        return self._seen[key]


def _reasons(items: list[tuple[Signal, float]], newest_crime: str | None) -> list[str]:
    by_kind: dict[str, list[tuple[Signal, float]]] = defaultdict(list)
    for signal, value in items:
        by_kind[signal.kind].append((signal, value))
    scored: list[tuple[float, str]] = []
    for kind, group in by_kind.items():
        total = sum(v for _, v in group)
        latest = max(s.at for s, _ in group)
        scored.append((total, _describe(kind, [s for s, _ in group], latest, newest_crime)))
    return [text for _, text in sorted(scored, key=lambda x: -x[0])]


def _describe(kind: str, group: list[Signal], latest: datetime, newest_crime: str | None) -> str:
    n = len(group)
    if kind == sig.REPORT:
        strong = sum(1 for s in group if s.weight >= 1.0)
        middling = sum(1 for s in group if 0.5 <= s.weight < 1.0)
        return (
            f"{n} intelligence report{'s' * (n != 1)} placed here ({strong} graded A/B, "
            f"{middling} C/D, {n - strong - middling} ungraded), latest {latest:%d %b %Y}"
        )
    if kind == sig.CUCKOOING:
        levels = Counter(s.note.split(" at ")[1].split()[0] for s in group)
        detail = ", ".join(
            f"{levels[lvl]} {lvl}" for lvl in ("high", "medium", "low") if lvl in levels
        )
        return f"{n} address{'es' * (n != 1)} assessed at risk of cuckooing ({detail})"
    if kind == sig.BREACH:
        sites = sorted({s.note.removeprefix("possible bail breach at ") for s in group})
        return (
            f"{n} ANPR read{'s' * (n != 1)} raised as a possible bail breach "
            f"({', '.join(sites[:3])}), latest {latest:%d %b %Y}"
        )
    if kind == sig.FLAGGED_VEHICLE:
        plates = sorted({s.note.split(" ")[0] for s in group})
        return (
            f"{n} ANPR read{'s' * (n != 1)} of {len(plates)} vehicle{'s' * (len(plates) != 1)} "
            f"tied to a flagged line ({', '.join(plates[:4])}), latest {latest:%d %b %Y}"
        )
    types = Counter(s.note for s in group)
    detail = ", ".join(f"{c} {t.lower()}" for t, c in types.most_common(4))
    return f"published street crime, 12 months to {newest_crime}: {detail}"


def _level(score: float, top: float) -> str:
    if score <= 0 or top <= 0:
        return "NONE"
    return next((name for name, share in LEVELS if score >= share * top), "NONE")


def score_layer(
    layer: str, signals: Iterable[Signal], as_of: date, newest_crime: str | None
) -> list[Hotspot]:
    """Every area of the layer, highest score first, each with its reasons and evidence."""
    moment = datetime.combine(as_of, datetime.max.time(), UTC)
    crime_ref = sig._month_start(newest_crime) if newest_crime else None
    locate = Locator(layer)
    half_life = sig.half_life_days()
    inside: dict[str, list[tuple[Signal, float]]] = defaultdict(list)
    for signal in signals:
        code = locate(signal.latitude, signal.longitude)
        if code is not None:
            inside[code].append((signal, decay(signal, moment, crime_ref, half_life)))
    intel = {c: sum(v for s, v in items if s.kind != sig.CRIME) for c, items in inside.items()}
    crime = {c: sum(v for s, v in items if s.kind == sig.CRIME) for c, items in inside.items()}
    total_intel, total_crime = sum(intel.values()), sum(crime.values())
    share = float(settings.get("hotspot_crime_share"))
    scale = share * total_intel / (1 - share) if total_intel > 0 else 1.0
    scores = {
        a.code: intel.get(a.code, 0.0)
        + (scale * crime.get(a.code, 0.0) / total_crime if total_crime else 0.0)
        for a in locate.areas
    }
    top = max(scores.values(), default=0.0)
    ordered = sorted(locate.areas, key=lambda a: (-scores[a.code], a.name))
    result = []
    for rank, area in enumerate(ordered, start=1):
        items = sorted(inside.get(area.code, []), key=lambda x: -x[1])
        result.append(
            Hotspot(
                area.code,
                area.name,
                layer,
                place_of(area) if layer == "lsoa" else area.name,
                round(scores[area.code], 3),
                rank,
                _level(scores[area.code], top),
                _reasons(items, newest_crime),
                [s.ref for s, _ in items if s.kind != sig.CRIME][:50],
                dict(Counter(s.kind for s, _ in items)),
            )
        )
    return result


def hotspots(access: Access, as_of: date | None = None) -> HotspotPicture:
    """Where to patrol as of a day: LSOAs and wards scored from the picture and open data."""
    access.require(Permission.VIEW_PICTURE)
    day = as_of or datetime.now(UTC).date()
    with access.store.begin() as conn:
        found, newest = sig.gather(conn, day)
        picture = HotspotPicture(day, sig.half_life_days(), newest)
        picture.lsoas = score_layer("lsoa", found, day, newest)
        picture.wards = score_layer("ward", found, day, newest)
        picture.points = [
            {"kind": s.kind, "latitude": s.latitude, "longitude": s.longitude, "note": s.note}
            for s in found
            if s.kind != sig.CRIME
        ]
        consulted = sorted({f"{s.ref['kind']}:{s.ref['id']}" for s in found if s.kind != sig.CRIME})
        access.log(conn, AuditOperation.CONSULTATION, consulted or [f"aggregate:{METHOD}:{day}"])
    return picture
