"""Who may use the console: the password check, signed session cookies, CSRF tokens, throttling.

Pure (stdlib only). A session is `expires.nonce.signature`, signed with a key derived from the
password, so every replica and a restarted console accept it, and changing the password ends
every session. The CSRF token of a session is a second signature of its nonce: a form posted
from another site carries no valid token. Failed logins are counted per client address; after
`max_failures` within `window_secs` that client is refused until the window has passed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

SESSION_COOKIE = "storebridge_console"
CSRF_FIELD = "csrf_token"


def _sign(key: bytes, message: str) -> str:
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def password_matches(given: str, expected: str) -> bool:
    """Constant-time comparison (digests first, so the length is not revealed either)."""
    return hmac.compare_digest(
        hashlib.sha256(given.encode()).digest(), hashlib.sha256(expected.encode()).digest()
    )


@dataclass(frozen=True)
class Session:
    """A logged-in browser: its nonce and when the login ends (epoch seconds)."""

    nonce: str
    expires: int


@dataclass(frozen=True)
class SessionSigner:
    """Issues and checks session cookies and the CSRF token of each session."""

    key: bytes
    lifetime_secs: int

    @classmethod
    def for_password(cls, password: str, lifetime_secs: int) -> SessionSigner:
        """A signer whose key is derived from the console password."""
        key = hmac.new(password.encode(), b"storebridge-console-session-v1", "sha256").digest()
        return cls(key, lifetime_secs)

    def issue(self, now: float) -> str:
        """A new session's cookie value."""
        body = f"{int(now) + self.lifetime_secs}.{secrets.token_hex(16)}"
        return f"{body}.{_sign(self.key, body)}"

    def verify(self, cookie: str | None, now: float) -> Session | None:
        """The session of a cookie that is ours and not expired, else None."""
        expires, _, rest = (cookie or "").partition(".")
        nonce, _, signature = rest.partition(".")
        if not (expires.isdigit() and nonce and signature):
            return None
        if not hmac.compare_digest(signature, _sign(self.key, f"{expires}.{nonce}")):
            return None
        return Session(nonce, int(expires)) if int(expires) > now else None

    def csrf_token(self, session: Session) -> str:
        """The token every state-changing form of this session must carry."""
        return _sign(self.key, f"csrf:{session.nonce}")

    def csrf_valid(self, session: Session, token: str | None) -> bool:
        """True when `token` is this session's CSRF token."""
        return hmac.compare_digest(self.csrf_token(session), token or "")


@dataclass(frozen=True)
class ThrottleRule:
    """How many failed logins of one client within a sliding window refuse it."""

    max_failures: int = 5
    window_secs: float = 300.0

    def since(self, now: float) -> float:
        """The oldest failure time that still counts."""
        return now - self.window_secs

    def wait_secs(self, failures: Iterable[float], now: float) -> float:
        """0 when a client with these failure times may try to log in, else how long it must
        wait: until its `max_failures`-th latest failure leaves the window."""
        recent = sorted((at for at in failures if at > self.since(now)), reverse=True)
        if len(recent) < self.max_failures:
            return 0.0
        return recent[self.max_failures - 1] + self.window_secs - now
