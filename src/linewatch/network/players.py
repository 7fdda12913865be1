"""Key players: who the picture turns on, by exact betweenness and by degree.

Betweenness is the share of shortest paths between other entities that pass through one:
a broker between a line and its runners, or between two lines, scores high even with few
links of its own. Degree counts the distinct entities linked directly. Both come with the
sentences that explain them; roles (``roles``) say what part each plays.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from linewatch.network.lines import lines as line_subgraphs
from linewatch.network.picture import Picture


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

    def __str__(self) -> str:
        return f"{self.rank}. {self.caption} ({self.schema}): {'; '.join(self.reasons)}"


def key_players(
    picture: Picture, top: int = 10, schemas: Collection[str] | None = None
) -> list[KeyPlayer]:
    """The ``top`` entities by betweenness, then degree; ``schemas`` limits who is ranked."""
    between = picture.betweenness()
    near: dict[str, list[str]] = {}
    for sub in line_subgraphs(picture):
        for entity_id in sub.entity_ids[1:]:
            near.setdefault(entity_id, []).append(sub.line.caption)
    candidates = [n for n in picture.nodes.values() if schemas is None or n.schema in schemas]
    ranked = sorted(
        candidates,
        key=lambda n: (-between.get(n.id, 0.0), -picture.graph.degree(picture.index[n.id]), n.id),
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
            )
        )
    return players
