"""Slowing abuse of the public form without keeping anyone's address.

A client address is turned into a keyed hash (HMAC-SHA256 with a random key that lives only
in this process's memory and is replaced every day), and only that hash is counted, in a
sliding window held in memory. Nothing is written to disk or the database: once the key is
replaced, yesterday's hashes cannot be tied to an address by anyone, Linewatch included.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

KEY_LIFETIME = 24 * 60 * 60.0


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int  # seconds until the window lets another through; 0 when allowed


class AddressLimiter:
    """At most ``rate`` (e.g. ``"10/hour"``) submissions per client address, sliding window."""

    def __init__(
        self,
        rate: str,
        *,
        key_lifetime: float = KEY_LIFETIME,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.item: RateLimitItem = parse(rate)
        self._key_lifetime = key_lifetime
        self._clock = clock
        self._lock = threading.Lock()
        self._new_key()

    def _new_key(self) -> None:
        self._key = secrets.token_bytes(32)
        self._key_made = self._clock()
        # A fresh store with the fresh key: the old hashes go with the old key.
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def pseudonym(self, address: str) -> str:
        """The address as this limiter counts it: meaningless without the in-memory key."""
        with self._lock:
            if self._clock() - self._key_made >= self._key_lifetime:
                self._new_key()
            key = self._key
        return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()

    def hit(self, address: str | None) -> Decision:
        """Count one submission from ``address`` and say whether it may go ahead."""
        who = self.pseudonym(address or "unknown")
        if self._limiter.hit(self.item, "public-report", who):
            return Decision(True, 0)
        stats = self._limiter.get_window_stats(self.item, "public-report", who)
        return Decision(False, max(1, int(stats.reset_time - time.time())))
