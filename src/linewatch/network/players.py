"""Key players: who the picture turns on, by exact betweenness, degree and brokerage.

Betweenness is the share of shortest paths between other entities that pass through one:
a broker between a line and its runners, or between two lines, scores high even with few
links of its own. Degree counts the distinct entities linked directly. Brokerage (see
``brokerage``) is the share of shortest paths from a line's local end to its hub that pass
through an entity. Every measure comes with the sentence that explains it, and the roles
(``roles``) the picture supports are named too.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from linewatch.network.brokerage import line_brokerage
from linewatch.network.lines import lines as line_subgraphs
from linewatch.network.picture import Picture
from linewatch.network.roles import RoleFinding, infer_roles


@dataclass(frozen=True)
class KeyPlayer:
    id: str
    schema: str
    caption: str
    rank: int
    betweenness: float
    degree: int
    near_lines: list[str] = field(default_factory=list)  # flagged lines within two hops
    reasons: list[str] = field(default_factory=list)
    brokerage: float = 0.0  # the largest share of a line-to-hub's shortest paths through it
    roles: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.rank}. {self.caption} ({self.schema}): {'; '.join(self.reasons)}"


def key_players(
    picture: Picture,
    top: int = 10,
    schemas: Collection[str] | None = None,
    findings: list[RoleFinding] | None = None,
) -> list[KeyPlayer]:
    """The ``top`` entities by betweenness, then degree; ``schemas`` limits who is ranked.

    ``findings`` are the roles inferred from the picture (inferred here when not given).
    """
    between = picture.betweenness()
    findings = infer_roles(picture) if findings is None else findings
    roles: dict[str, list[str]] = {}
    for f in findings:
        roles.setdefault(f.subject_id, []).append(f.role)
    brokered = line_brokerage(picture, findings)
    broker_share: dict[str, float] = {}
    for b in brokered:
        for entity_id, value in b.brokers:
            broker_share[entity_id] = max(value, broker_share.get(entity_id, 0.0))
    near: dict[str, list[str]] = {}
    for sub in line_subgraphs(picture):
        for entity_id in sub.entity_ids[1:]:
            near.setdefault(entity_id, []).append(sub.line.caption)
    candidates = [n for n in picture.nodes.values() if schemas is None or n.schema in schemas]
    ranked = sorted(
        candidates,
        key=lambda n: (
            -between.get(n.id, 0.0),
            -broker_share.get(n.id, 0.0),
            -picture.graph.degree(picture.index[n.id]),
            n.id,
        ),
    )
    players = []
    for rank, node in enumerate(ranked[:top], start=1):
        degree = picture.graph.degree(picture.index[node.id])
        lines_near = sorted(set(near.get(node.id, [])))
        reasons = []
        share = 100 * between.get(node.id, 0.0)
        if share > 0:
            shown = f"{share:.0f}%" if share >= 1 else "under 1%"
            reasons.append(
                f"lies on {shown} of the shortest paths between other entities in the picture "
                f"(rank {rank} of {len(candidates)})"
            )
        reasons.append(f"linked directly to {degree} {'entity' if degree == 1 else 'entities'}")
        if node.deal_line is not None:
            reasons.append(f"is itself flagged as a deal line (score {node.deal_line.score:.2f})")
        if lines_near:
            reasons.append(f"within two steps of deal line {', '.join(lines_near)}")
        reasons.extend(why for b in brokered if (why := b.reason(node.id)) is not None)
        if roles.get(node.id):
            reasons.append("inferred role: " + ", ".join(_said(r) for r in roles[node.id]))
        players.append(
            KeyPlayer(
                node.id,
                node.schema,
                node.caption,
                rank,
                round(between.get(node.id, 0.0), 4),
                degree,
                lines_near,
                reasons,
                broker_share.get(node.id, 0.0),
                roles.get(node.id, []),
            )
        )
    return players


def _said(role: str) -> str:
    return role.replace("_", " ").lower()
