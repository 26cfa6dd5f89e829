"""Authenticate a delivery: our secret header always, a Standard Webhooks signature when set.

BigCommerce sends the custom headers a hook was registered with, so `X-Storebridge-Secret` is
the documented way to authenticate. Its docs also describe Standard Webhooks signatures keyed
with the app's client secret (header names unconfirmed); when `WEBHOOK_SIGNING_SECRET` is set,
`webhook-id`, `webhook-timestamp` and `webhook-signature` are required and verified too.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Mapping

from storebridge_shared.events.webhooks import SECRET_HEADER


class AuthenticationFailed(Exception):
    """The delivery did not prove it came from BigCommerce for us."""


def _raw(value: str) -> bytes:
    """A header value as bytes, whatever it holds.

    aiohttp decodes header bytes as UTF-8 with `surrogateescape`, so a value that is not valid
    UTF-8 holds lone surrogates, which a plain `.encode()` refuses (a 500 before authentication).
    `surrogatepass` encodes every string; no valid secret ever equals such bytes.
    """
    return value.encode("utf-8", "surrogatepass")


def check_secret(headers: Mapping[str, str], expected: str) -> None:
    """Constant-time comparison of the secret header with `expected`."""
    given = headers.get(SECRET_HEADER, "")
    if not hmac.compare_digest(_raw(given), expected.encode()):
        raise AuthenticationFailed("missing or wrong secret header")


def _signing_key(secret: str) -> bytes:
    """`whsec_<base64>` as Standard Webhooks writes it, else the raw client-secret bytes."""
    if secret.startswith("whsec_"):
        return base64.b64decode(secret.removeprefix("whsec_"))
    return secret.encode()


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The `v1,<base64>` signature of a delivery (also used by the sandbox tests)."""
    signed = _raw(f"{message_id}.{timestamp}.") + body
    digest = hmac.new(_signing_key(secret), signed, hashlib.sha256).digest()
    return f"v1,{base64.b64encode(digest).decode()}"


def check_signature(
    headers: Mapping[str, str],
    body: bytes,
    secret: str,
    *,
    tolerance_secs: int,
    now: float | None = None,
) -> None:
    """Verify the Standard Webhooks signature headers against `body`."""
    message_id = headers.get("webhook-id", "")
    raw_timestamp = headers.get("webhook-timestamp", "")
    signatures = headers.get("webhook-signature", "")
    if not (message_id and raw_timestamp and signatures):
        raise AuthenticationFailed("missing webhook signature headers")
    try:
        timestamp = int(raw_timestamp)
    except ValueError:
        raise AuthenticationFailed("malformed webhook-timestamp") from None
    clock = int(now if now is not None else time.time())  # ints: a huge timestamp cannot overflow
    if abs(clock - timestamp) > tolerance_secs:
        raise AuthenticationFailed("webhook-timestamp outside the tolerance")
    expected = sign(secret, message_id, timestamp, body).encode()
    if not any(hmac.compare_digest(expected, _raw(s)) for s in signatures.split()):
        raise AuthenticationFailed("no valid webhook signature")
