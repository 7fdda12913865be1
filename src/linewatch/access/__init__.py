"""Users, roles, handling rules and the DPA 2018 s.62 audit log."""

from linewatch.access import audit
from linewatch.access.context import FORCE_ORG, SYSTEM, Access, AccessDenied, Actor, system_access
from linewatch.access.policy import Permission, allows

__all__ = [
    "FORCE_ORG",
    "SYSTEM",
    "Access",
    "AccessDenied",
    "Actor",
    "Permission",
    "allows",
    "audit",
    "system_access",
]
