"""Test helpers: `async with running_sandbox(config) as sandbox:` plus admin shortcuts.

The sandbox listens on a free port of 127.0.0.1 in the current event loop. Point the
BigCommerce client at `sandbox.url` (BIGCOMMERCE_API_URL); store paths are `/stores/{hash}/v3`.
Every helper taking `store_hash` defaults to the first configured store.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from aiohttp import web

from storebridge_sandbox.app import create_app
from storebridge_sandbox.config import SandboxConfig
from storebridge_sandbox.testing_actions import OrderActions, PausedCalls


async def wait_until(
    predicate: Callable[[], bool | Awaitable[bool]],
    timeout: float = 5.0,  # noqa: ASYNC109
    interval: float = 0.01,
) -> None:
    """Poll `predicate` (sync or async) until it is true; TimeoutError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        outcome = predicate()
        if inspect.isawaitable(outcome):
            outcome = await outcome
        if outcome:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"condition not met within {timeout} s")
        await asyncio.sleep(interval)


@dataclass
class RunningSandbox(OrderActions, PausedCalls):
    """A started sandbox: its URL, configuration and admin shortcuts."""

    url: str
    config: SandboxConfig
    app: web.Application
    admin: httpx.AsyncClient

    def _hash(self, store_hash: str | None) -> str:
        return store_hash or self.config.stores[0].store_hash

    async def _wait(self, predicate: Callable[[], Awaitable[bool]], within: float) -> None:
        await wait_until(predicate, within)

    def api_base(self, store_hash: str | None = None) -> str:
        """`{url}/stores/{hash}`: append `/v3/...` or `/v2/...`."""
        return f"{self.url}/stores/{self._hash(store_hash)}"

    def token(self, store_hash: str | None = None) -> str:
        """The first access token of a store."""
        found = self.config.store(self._hash(store_hash))
        assert found is not None, f"store {store_hash} is not configured"
        return found.token

    def auth_headers(self, store_hash: str | None = None) -> dict[str, str]:
        """Headers a BigCommerce client sends."""
        return {"X-Auth-Token": self.token(store_hash), "Accept": "application/json"}

    def api_client(self, store_hash: str | None = None) -> httpx.AsyncClient:
        """A new client on the store's API root, authenticated; close it (`async with`)."""
        return httpx.AsyncClient(
            base_url=self.api_base(store_hash), headers=self.auth_headers(store_hash)
        )

    async def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = await self.admin.request(method, path, **kwargs)
        response.raise_for_status()
        return response.json() if response.content else None

    async def reset(self, store_hash: str | None = None) -> None:
        """Back to the seed fixture (all stores when no hash is given)."""
        params = {"store_hash": store_hash} if store_hash else {}
        await self._call("POST", "/_sandbox/reset", params=params)

    async def load_fixture(self, doc: dict[str, Any], store_hash: str | None = None) -> None:
        """Replace a store's data with a fixture document (no webhooks fire)."""
        await self._call("POST", f"/_sandbox/stores/{self._hash(store_hash)}/fixture", json=doc)

    async def set_faults(self, store_hash: str | None = None, **faults: Any) -> dict[str, Any]:
        """Replace the store's faults, e.g. `set_faults(error_rate=0.5)`; no arguments clears."""
        path = f"/_sandbox/stores/{self._hash(store_hash)}/faults"
        result: dict[str, Any] = await self._call("PUT", path, json=faults)
        return result

    async def stats(self, store_hash: str | None = None) -> dict[str, Any]:
        """API calls by `METHOD /template`, 429s answered, delivery outcomes."""
        result: dict[str, Any] = await self._call(
            "GET", f"/_sandbox/stores/{self._hash(store_hash)}/stats"
        )
        return result

    async def requests(self, store_hash: str | None = None, **filters: str) -> list[dict[str, Any]]:
        """API requests received (`method`, `path`, `query`, `headers`, `body`), oldest first,
        filtered by `method` and/or `path` (after /stores/{hash}, e.g. `/v3/hooks`)."""
        path = f"/_sandbox/stores/{self._hash(store_hash)}/requests"
        result: list[dict[str, Any]] = await self._call("GET", path, params=filters)
        return result

    async def clear_stats(self, store_hash: str | None = None) -> None:
        """Zero the store's counters and empty its request journal."""
        await self._call("DELETE", f"/_sandbox/stores/{self._hash(store_hash)}/stats")

    async def state(self, store_hash: str | None = None) -> dict[str, Any]:
        """The whole state of a store (`tables` by name)."""
        result: dict[str, Any] = await self._call(
            "GET", f"/_sandbox/stores/{self._hash(store_hash)}/state"
        )
        return result

    async def deliveries(
        self, store_hash: str | None = None, **filters: Any
    ) -> list[dict[str, Any]]:
        """Recorded delivery attempts, filtered by `scope`, `hook_id` or `outcome`."""
        path = f"/_sandbox/stores/{self._hash(store_hash)}/deliveries"
        result: list[dict[str, Any]] = await self._call("GET", path, params=filters)
        return result

    async def wait_for_deliveries(
        self,
        count: int,
        store_hash: str | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
        **filters: Any,
    ) -> list[dict[str, Any]]:
        """Wait until at least `count` matching attempts are recorded; return them."""
        found: list[dict[str, Any]] = []

        async def enough() -> bool:
            found[:] = await self.deliveries(store_hash, **filters)
            return len(found) >= count

        await wait_until(enough, timeout)
        return found

    async def checkout(
        self, line_items: list[dict[str, Any]], store_hash: str | None = None, **extra: Any
    ) -> int:
        """A shopper checkout; returns the new order id."""
        path = f"/_sandbox/stores/{self._hash(store_hash)}/checkout"
        result = await self._call("POST", path, json={"line_items": line_items, **extra})
        return int(result["order_id"])

    async def update_product(
        self, product_id: int, changes: dict[str, Any], store_hash: str | None = None
    ) -> dict[str, Any]:
        """A merchant edits a product in the control panel (fires store/product/updated)."""
        path = f"/_sandbox/stores/{self._hash(store_hash)}/products/{product_id}"
        result: dict[str, Any] = (await self._call("PUT", path, json=changes))["data"]
        return result

    async def merchant(
        self, method: str, path: str, body: Any = None, store_hash: str | None = None
    ) -> Any:
        """A merchant edit in the control panel (fires what BigCommerce fires for it): `path` is
        the API path without `/v3/catalog`, e.g. `merchant("PUT", "/brands/35", {"name": "N"})`."""
        url = f"/_sandbox/stores/{self._hash(store_hash)}{path}"
        return await self._call(method, url, json=body)

    async def update_order_status(
        self, order_id: int, status_id: int, store_hash: str | None = None
    ) -> dict[str, Any]:
        """A merchant changes an order's status (fires order/updated and statusUpdated)."""
        path = f"/_sandbox/stores/{self._hash(store_hash)}/orders/{order_id}"
        result: dict[str, Any] = await self._call("PUT", path, json={"status_id": status_id})
        return result


@asynccontextmanager
async def running_sandbox(config: SandboxConfig | None = None) -> AsyncIterator[RunningSandbox]:
    """Start the sandbox on a free port in this event loop; stop it on exit."""
    config = config or SandboxConfig()
    app = create_app(config)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    url = f"http://{host}:{port}"
    try:
        async with httpx.AsyncClient(base_url=url) as admin:
            yield RunningSandbox(url=url, config=config, app=app, admin=admin)
    finally:
        await runner.cleanup()
