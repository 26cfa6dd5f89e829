"""Each service's readiness, read from its own /readyz (the URLs are configured)."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Mapping

import aiohttp

from storebridge_console.facts import ServiceHealth

PROBE_TIMEOUT_SECS = 3.0


def health_of(name: str, url: str, status: int | None, body: str) -> ServiceHealth:
    """Read a /readyz answer (None: no answer, `body` says why)."""
    if status is None:
        return ServiceHealth(name, url, False, f"no answer: {body}" if body else "no answer")
    failing: list[str] = []
    with contextlib.suppress(ValueError, AttributeError):
        failing = [check for check, ok in json.loads(body).items() if ok is False]
    if status == 200:
        return ServiceHealth(name, url, True, "ready")
    detail = f"not ready: {', '.join(failing)}" if failing else f"not ready (HTTP {status})"
    return ServiceHealth(name, url, False, detail)


async def probe(session: aiohttp.ClientSession, name: str, url: str) -> ServiceHealth:
    """GET url/readyz once."""
    try:
        async with session.get(f"{url}/readyz") as answer:
            return health_of(name, url, answer.status, await answer.text())
    except (aiohttp.ClientError, TimeoutError, OSError) as error:
        return health_of(name, url, None, type(error).__name__)


async def probe_all(urls: Mapping[str, str]) -> list[ServiceHealth]:
    """Every configured service's health, in the configured order."""
    if not urls:
        return []
    timeout = aiohttp.ClientTimeout(total=PROBE_TIMEOUT_SECS)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        return list(
            await asyncio.gather(*(probe(session, name, url) for name, url in urls.items()))
        )
