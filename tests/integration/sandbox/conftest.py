"""Fixtures of the sandbox conformance suite: a fresh sandbox per test and a webhook receiver."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

import httpx
import pytest
from aiohttp import web

from storebridge_sandbox.config import SandboxConfig, StoreConfig, TokenConfig
from storebridge_sandbox.testing import RunningSandbox, running_sandbox, wait_until

STORE = "abc123"
TOKEN = "sandbox-token-abc123"


def config(**overrides: Any) -> SandboxConfig:
    """The test configuration: store abc123 (two tokens) and store xyz789."""
    stores = [
        StoreConfig(
            store_hash=STORE,
            tokens=[TokenConfig(token=TOKEN), TokenConfig(token="other-app-token")],
            store_id="1025646",
        ),
        StoreConfig.from_spec("xyz789:token-xyz"),
    ]
    return SandboxConfig(**{"stores": stores, "random_seed": 7, **overrides})


@pytest.fixture
async def sandbox() -> AsyncIterator[RunningSandbox]:
    """A sandbox seeded with the default fixture."""
    async with running_sandbox(config()) as running:
        yield running


@pytest.fixture
async def api(sandbox: RunningSandbox) -> AsyncIterator[httpx.AsyncClient]:
    """An authenticated client on store abc123 (paths start with /v3 or /v2)."""
    async with sandbox.api_client(STORE) as client:
        yield client


@pytest.fixture
async def other(sandbox: RunningSandbox) -> AsyncIterator[httpx.AsyncClient]:
    """A client of another app on the same store (its own client id: metafield visibility)."""
    async with sandbox.api_client(STORE) as client:
        client.headers["X-Auth-Token"] = "other-app-token"
        yield client


class Receiver:
    """A webhook destination that records every request and answers queued statuses."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.statuses: list[int] = []
        self.delay_s = 0.0
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        raw = await request.read()
        if self.delay_s:
            await asyncio.sleep(self.delay_s)  # a slow destination, not a wait in a test
        self.requests.append(
            {
                "path": request.path,
                "headers": dict(request.headers),
                "raw": raw,
                "body": json.loads(raw),
            }
        )
        return web.Response(status=self.statuses.pop(0) if self.statuses else 200)

    def bodies(self, scope: str | None = None) -> list[dict[str, Any]]:
        return [r["body"] for r in self.requests if scope is None or r["body"]["scope"] == scope]


async def _serving() -> AsyncIterator[Receiver]:
    recorder = Receiver()
    app = web.Application()
    app.router.add_post("/{tail:.*}", recorder.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    recorder.url = f"http://{host}:{port}"
    yield recorder
    await runner.cleanup()


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    """A running webhook receiver on a free port."""
    async for recorder in _serving():
        yield recorder


@pytest.fixture
async def watcher() -> AsyncIterator[Receiver]:
    """A second receiver (its own port, so its own domain), e.g. for delivery exceptions."""
    async for recorder in _serving():
        yield recorder


async def _subscribe(api: httpx.AsyncClient, scope: str, url: str, **extra: Any) -> dict[str, Any]:
    body = {"scope": scope, "destination": url, "is_active": True, **extra}
    response = await api.post("/v3/hooks", json=body)
    assert response.status_code == 200, response.text
    hook: dict[str, Any] = response.json()["data"]
    return hook


@pytest.fixture
def subscribe() -> Callable[..., Awaitable[dict[str, Any]]]:
    """`await subscribe(api, scope, url, **extra)` creates an active hook and returns it."""
    return _subscribe


@pytest.fixture
def make_sandbox() -> Callable[..., AbstractAsyncContextManager[RunningSandbox]]:
    """`async with make_sandbox(**config_overrides) as sandbox:` for tests needing settings."""
    return lambda **overrides: running_sandbox(config(**overrides))


async def _settle(sandbox: RunningSandbox, store_hash: str = STORE) -> None:
    async def idle() -> bool:
        return (await sandbox.stats(store_hash))["pending_deliveries"] == 0

    await wait_until(idle)


@pytest.fixture
def settle() -> Callable[..., Awaitable[None]]:
    """`await settle(sandbox)`: wait until no webhook delivery of the store is in flight."""
    return _settle
