"""A forgery check for the public report form that identifies no one.

Staff forms carry their session's CSRF token; the public form has no session and must set no
cookie, so it carries a signed, short-lived, single-use token instead: a random nonce signed
with the app's key and a timestamp. It names no person and no browser. The request must also
not come from another site (``Sec-Fetch-Site`` / ``Origin``), which is what stops a forged
cross-site post; the token stops replays and scripted posts that never loaded the form.
"""

from __future__ import annotations

import secrets
import threading
import time
from urllib.parse import urlsplit

from fastapi import Request
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from linewatch import settings

MAX_AGE = 2 * 60 * 60  # long enough to write a careful report, short enough not to hoard


class FormTokenError(ValueError):
    """The form was too old, already used, or not from this site."""


class FormTokens:
    def __init__(self, secret: str | None = None, max_age: int = MAX_AGE) -> None:
        key = secret or settings.get("form_secret") or secrets.token_urlsafe(32)
        self._serializer = URLSafeTimedSerializer(key, salt="linewatch-public-report")
        self.max_age = max_age
        self._used: dict[str, float] = {}
        self._lock = threading.Lock()

    def issue(self) -> str:
        return self._serializer.dumps(secrets.token_urlsafe(16))

    def redeem(self, token: str) -> None:
        """Accept a token once; FormTokenError if it is forged, expired or already used."""
        try:
            nonce = self._serializer.loads(token, max_age=self.max_age)
        except SignatureExpired:
            raise FormTokenError("the form was open too long") from None
        except BadSignature:
            raise FormTokenError("the form could not be checked") from None
        now = time.monotonic()
        with self._lock:
            # Forget nonces older than any token could be: the set stays small.
            for old in [n for n, t in self._used.items() if now - t > self.max_age]:
                del self._used[old]
            if nonce in self._used:
                raise FormTokenError("the form was already sent")
            self._used[str(nonce)] = now


def same_site(request: Request) -> bool:
    """False when the browser says the post came from another site."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site in {"same-origin", "none"}
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.headers.get("host", request.url.netloc)
