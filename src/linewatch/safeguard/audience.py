"""Who may see the lists drawn from the force's whole picture."""

from __future__ import annotations

from linewatch.access import Access, AccessDenied


def force_only(access: Access) -> None:
    """Lists drawn from the force's whole picture are for the force's own users; a partner
    agency sees what it submitted or was sent (a referral is a disclosure)."""
    if access.actor.is_partner:
        raise AccessDenied("a partner agency sees what it submitted or was sent, not this list")
