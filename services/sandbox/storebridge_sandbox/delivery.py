"""One webhook delivery attempt: the signed POST, its outcome, and the attempt's record."""

from __future__ import annotations

import time
from typing import Any

import aiohttp

from storebridge_sandbox.signing import signed_headers
from storebridge_sandbox.state import Record
from storebridge_sandbox.store import Store
from storebridge_sandbox.timefmt import unix

MAX_RECORDED = 20000


def record_attempt(
    store: Store, hook_id: int, payload: Record, attempt: int, outcome: str, **extra: Any
) -> None:
    """Count and journal one attempt (`delivered`, `failed`, `deferred`, `dropped`, ...)."""
    store.stats.deliveries[outcome] += 1
    store.delivery_seq += 1
    if len(store.deliveries) >= MAX_RECORDED:
        del store.deliveries[: MAX_RECORDED // 10]
    store.deliveries.append(
        {
            "seq": store.delivery_seq,
            "hook_id": hook_id,
            "scope": payload["scope"],
            "hash": payload["hash"],
            "attempt": attempt,
            "outcome": outcome,
            "at": time.time(),
            "payload": payload,
            **extra,
        }
    )


async def _post(
    session: aiohttp.ClientSession, url: str, body: bytes, headers: dict[str, str]
) -> tuple[int | None, str | None]:
    try:
        async with session.post(url, data=body, headers=headers, allow_redirects=False) as resp:
            return resp.status, None
    except (aiohttp.ClientError, TimeoutError) as exc:
        return None, type(exc).__name__ + (f": {exc}" if str(exc) else "")


async def post_delivery(
    session: aiohttp.ClientSession,
    store: Store,
    hook: Record,
    payload: Record,
    message: tuple[str, bytes],
    attempt: int,
) -> str | None:
    """POST the payload to the hook; None on a 2xx, else what went wrong."""
    message_id, body = message
    headers = {**(hook["headers"] or {}), "Content-Type": "application/json"}
    if store.config.signing_secret:
        headers |= signed_headers(store.config.signing_secret, message_id, unix(), body)
    started = time.monotonic()
    status, error = await _post(session, hook["destination"], body, headers)
    ok = status is not None and 200 <= status < 300
    record_attempt(
        store,
        hook["id"],
        payload,
        attempt,
        "delivered" if ok else "failed",
        status=status,
        error=error,
        destination=hook["destination"],
        headers=headers,
        duration_ms=round((time.monotonic() - started) * 1000, 1),
    )
    return None if ok else error or f"HTTP {status}"
