"""Who sent a partner's report: the channel it came by and the reference it is kept under."""

from __future__ import annotations

import hashlib

from linewatch.access import OrganisationKind
from linewatch.model import Channel

# The longest reference a partner may give its report.
MAX_REFERENCE = 64

_BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_BASE32_PAIRS = tuple(a + b for a in _BASE32 for b in _BASE32)


def partner_reference(organisation_id: str, their_reference: str, channel: str) -> str:
    """The stored reference of a partner's report: stable for the same organisation and
    reference (so a re-sent row adds nothing), distinct between organisations."""
    digest = hashlib.sha256(f"{organisation_id}\x1f{their_reference}".encode()).digest()
    prefix = "NF" if channel == Channel.NEIGHBOURING_FORCE.value else "PA"
    # The first 16 characters of the digest in base32 (RFC 4648): the first 80 bits, 10 at a
    # time as two characters each. The standard library's encoder is pure Python and cost a
    # fifth of checking a partner's row.
    b, p = int.from_bytes(digest[:10]), _BASE32_PAIRS
    return (
        f"{prefix}-{p[b >> 70]}{p[b >> 60 & 1023]}{p[b >> 50 & 1023]}{p[b >> 40 & 1023]}"
        f"{p[b >> 30 & 1023]}{p[b >> 20 & 1023]}{p[b >> 10 & 1023]}{p[b & 1023]}"
    )


def channel_for(kind: OrganisationKind) -> str:
    if kind in {OrganisationKind.NEIGHBOURING_FORCE, OrganisationKind.LAW_ENFORCEMENT}:
        return Channel.NEIGHBOURING_FORCE.value
    return Channel.PARTNER_AGENCY.value
