"""The public form's rate limit: a sliding window over keyed hashes held only in memory."""

from __future__ import annotations

from linewatch.collect import AddressLimiter


def test_an_address_is_limited_and_others_are_not() -> None:
    limiter = AddressLimiter("3/hour")
    assert [limiter.hit("192.0.2.1").allowed for _ in range(4)] == [True, True, True, False]
    refused = limiter.hit("192.0.2.1")
    assert not refused.allowed and 0 < refused.retry_after <= 3600
    assert limiter.hit("192.0.2.2").allowed


def test_the_address_is_never_kept_only_a_keyed_hash_that_changes_with_the_key() -> None:
    now = [0.0]
    limiter = AddressLimiter("3/hour", key_lifetime=60, clock=lambda: now[0])
    first = limiter.pseudonym("192.0.2.1")
    assert "192.0.2.1" not in first and first == limiter.pseudonym("192.0.2.1")
    assert first != AddressLimiter("3/hour").pseudonym("192.0.2.1")
    now[0] = 61.0
    assert limiter.pseudonym("192.0.2.1") != first


def test_a_new_key_forgets_the_old_counts() -> None:
    now = [0.0]
    limiter = AddressLimiter("1/hour", key_lifetime=60, clock=lambda: now[0])
    assert limiter.hit("198.51.100.7").allowed and not limiter.hit("198.51.100.7").allowed
    now[0] = 61.0
    assert limiter.hit("198.51.100.7").allowed
