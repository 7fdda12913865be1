"""What the role rules share: the roles, a finding and its reasons, and the picture seen a link
type at a time. The rules themselves are in ``role_people`` and ``role_places``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from linewatch.network.picture import Edge, Evidence, Node, Picture

METHOD = "network.roles"
METHOD_VERSION = "1"

LINE_HOLDER = "LINE_HOLDER"
CONTROLLER = "CONTROLLER"
RUNNER = "RUNNER"
STOREKEEPER = "STOREKEEPER"
CUCKOOED_ADDRESS = "CUCKOOED_ADDRESS"
CUCKOOED_OCCUPANT = "CUCKOOED_OCCUPANT"
CUSTOMER = "CUSTOMER"
COURIER_VEHICLE = "COURIER_VEHICLE"
POTENTIAL_VICTIM = "POTENTIAL_VICTIM"

ROLES = (
    LINE_HOLDER,
    CONTROLLER,
    RUNNER,
    STOREKEEPER,
    CUCKOOED_ADDRESS,
    CUCKOOED_OCCUPANT,
    CUSTOMER,
    COURIER_VEHICLE,
    POTENTIAL_VICTIM,
)
SUSPECT_ROLES = frozenset({LINE_HOLDER, CONTROLLER, RUNNER, STOREKEEPER})
# Roles comms places on phones that ring the line or that its workers keep in touch with.
LINE_STAFF = frozenset({LINE_HOLDER, RUNNER})
CIRCLE_STAFF = frozenset({CONTROLLER, STOREKEEPER})
# A deal line ringing a phone this often is working with it, not selling to it.
WORKING_CONTACTS = 10.0
# Calls and texts to a line that make a customer: one may be a wrong number.
CUSTOMER_CONTACTS = 2.0
# A customer in touch this often is a regular, not a one-off.
REGULAR_CONTACTS = 10.0
# Safeguarding's top level: below it an address is one to watch, not one taken over.
CUCKOOED_LEVEL = "HIGH"
# How many of safeguarding's reasons a role's reason repeats; the assessment holds them all.
REASONS_SHOWN = 3


@dataclass
class RoleFinding:
    subject_id: str
    role: str
    score: float
    reasons: list[str] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)

    @property
    def claim(self) -> str:
        return f"ROLE:{self.role}"


class Findings:
    def __init__(self) -> None:
        self.found: dict[tuple[str, str], RoleFinding] = {}

    def add(
        self, subject: str, role: str, score: float, reason: str, evidence: list[dict[str, Any]]
    ) -> None:
        finding = self.found.setdefault((subject, role), RoleFinding(subject, role, 0.0))
        # Independent grounds for the same role raise confidence: 1 - product of doubts.
        finding.score = round(1 - (1 - finding.score) * (1 - score), 3)
        if reason not in finding.reasons:
            finding.reasons.append(reason)
        for ref in evidence:
            if ref not in finding.evidence:
                finding.evidence.append(ref)

    def has(self, subject: str, role: str) -> bool:
        return (subject, role) in self.found


def links_of(edge: Edge, *types: str) -> list[dict[str, Any]]:
    return [{"kind": "link", "id": e.link_id} for e in edge.evidence if e.link_type in types]


def rung(edge: Edge, line: Node) -> float:
    """How often the line was in touch with the other phone, as its own contact list says."""
    members = set(line.members)
    return sum(
        e.weight or 1.0
        for e in edge.evidence
        if e.link_type == "CONTACTED" and e.source_record in members
    )


def approaches_to_line(edge: Edge, line: Node) -> list[Evidence]:
    """The other phone's calls and texts to the line, one link per production."""
    members = set(line.members)
    return [
        e
        for e in edge.evidence
        if e.link_type == "CONTACTED"
        and e.target_record in members
        and e.source_record not in members
    ]


class View:
    """The picture seen a link type at a time."""

    def __init__(self, picture: Picture) -> None:
        self.picture = picture

    def around(self, node: Node, link_type: str, schema: str) -> list[tuple[Node, Edge]]:
        out = []
        for other in self.picture.neighbours(node.id):
            edge = self.picture.edge(node.id, other.id)
            if edge is not None and link_type in edge.link_types and other.schema == schema:
                out.append((other, edge))
        return out

    def users(self, phone: Node) -> list[tuple[Node, Edge]]:
        return self.around(phone, "USES_PHONE", "Person")
