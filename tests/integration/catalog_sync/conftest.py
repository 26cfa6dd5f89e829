"""Catalog sync wired as in production: sandbox A and B, hooks, ingress, RabbitMQ, MongoDB, service.

Store A starts with brands, categories and channels but no products; store B starts empty. Tests
change A through the sandbox admin API (which fires the webhooks) and assert on B's state.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from prometheus_client import CollectorRegistry

from storebridge_catalog_sync.app import create_app
from storebridge_catalog_sync.settings import CatalogSyncSettings
from storebridge_ingress.settings import HooksSettings
from storebridge_sandbox.config import SandboxConfig, StoreConfig
from storebridge_sandbox.testing import RunningSandbox, running_sandbox
from storebridge_shared.broker.topology import Topology
from storebridge_shared.hooks.sync import sync_all_hooks
from tests.support.alerts import alert_receiver
from tests.support.ingress import SECRET
from tests.support.mongo import uri_with_database
from tests.support.settings import settings_of, values_of
from tests.support.waiting import wait_until

A, B = "storea", "storeb"
TOKENS = {A: "tok-a", B: "tok-b"}
AMAZON = 2

SEED_A: dict[str, Any] = {
    "brands": [{"id": 35, "name": "Common Good"}, {"id": 36, "name": "Ofs Select"}],
    "categories": [
        {"id": 18, "parent_id": 0, "name": "Shop All", "sort_order": 0},
        {"id": 19, "parent_id": 0, "name": "Kitchen", "sort_order": 1},
        {"id": 20, "parent_id": 19, "name": "Cookware", "sort_order": 0},
        {"id": 21, "parent_id": 0, "name": "Garden", "sort_order": 2},
        {"id": 22, "parent_id": 21, "name": "Cookware", "sort_order": 0},
    ],
    "channels": [{"id": AMAZON, "name": "Amazon", "type": "marketplace", "platform": "amazon"}],
}


@dataclass
class World:
    """The running system under test."""

    sandbox: RunningSandbox
    settings: CatalogSyncSettings
    db: Any
    ingress: Any
    alerts: list[dict[str, Any]] = field(default_factory=list)
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)
    """The first catalog-sync app's metrics."""

    async def writes(self, store: str = B) -> int:
        """API calls other than GET a store has answered."""
        calls = (await self.sandbox.stats(store))["calls"]
        return sum(n for key, n in calls.items() if not key.startswith("GET "))

    async def dead_letters(self) -> int:
        """Messages in catalog-sync's dead-letter queue."""
        name = self.ingress.topology.queues("catalog-sync").dead
        queue = await self.ingress.channel.declare_queue(name, passive=True)
        return int(queue.declaration_result.message_count or 0)

    async def state_of(self, product_id: int) -> dict[str, Any] | None:
        """The sync state document of one product of A."""
        found: dict[str, Any] | None = await self.db.catalog_sync_state.find_one(
            {"_id": f"{A}:product:{product_id}"}
        )
        return found

    async def settled(self, product_id: int, requested: int = 1) -> bool:
        """True once a product's requested syncs are all done."""
        state = await self.state_of(product_id)
        return bool(state and state["state"] == "idle" and state["synced"] >= requested)

    async def create_product(self, **body: Any) -> dict[str, Any]:
        """A merchant creates a product in A (fires product/created, sku/created)."""
        return await self._admin("POST", "/products", body)

    async def update_product(self, product_id: int, **changes: Any) -> dict[str, Any]:
        """A merchant edits a product in A."""
        return await self._admin("PUT", f"/products/{product_id}", changes)

    async def delete_product(self, product_id: int) -> None:
        """A merchant deletes a product in A."""
        await self.sandbox._call("DELETE", f"/_sandbox/stores/{A}/products/{product_id}")

    async def admin(self, method: str, path: str, body: Any = None) -> Any:
        """Any admin change in A (path after /_sandbox/stores/{A})."""
        return await self._admin(method, path, body)

    async def _admin(self, method: str, path: str, body: Any) -> Any:
        kwargs = {"json": body} if body is not None else {}
        found = await self.sandbox._call(method, f"/_sandbox/stores/{A}{path}", **kwargs)
        return found["data"] if isinstance(found, dict) and "data" in found else found

    async def table(self, name: str, store: str = B) -> list[dict[str, Any]]:
        """One table of a store's state."""
        return list((await self.sandbox.state(store))["tables"].get(name, []))

    async def b_product(self, sku: str) -> dict[str, Any] | None:
        """B's product with this SKU, or None."""
        found = [p for p in await self.table("products") if p["sku"] == sku]
        assert len(found) <= 1, f"duplicate products with SKU {sku} in B"
        return found[0] if found else None

    async def until_b(self, condition: Callable[[World], Any], timeout: float = 10.0) -> None:
        """Wait until an async condition on the world holds."""

        async def check() -> bool:
            return bool(await condition(self))

        await wait_until(check, timeout=timeout)

    async def processed(self, scope_prefix: str = "store/") -> int:
        """Events of A marked processed."""
        return int(await self.db.events.count_documents({"store_hash": A, "status": "processed"}))


def settings_for(
    sandbox_url: str, namespace: str, mongodb_uri: str, **overrides: Any
) -> CatalogSyncSettings:
    """Settings of catalog-sync under test (hooks and commands take theirs from its values)."""
    values: dict[str, Any] = {
        "bigcommerce_api_url": sandbox_url,
        "mongodb_uri": mongodb_uri,
        "broker_namespace": namespace,
        "store_a_hash": A,
        "store_a_access_token": TOKENS[A],
        "store_b_hash": B,
        "store_b_access_token": TOKENS[B],
        "consumer_max_attempts": 4,
        "consumer_prefetch": 10,
        "shutdown_grace_secs": 2.0,
        "mongodb_timeout_ms": 2000,
        "catalog_sweep_interval_secs": 0.5,
        "catalog_lease_secs": 10.0,
        "sync_period_in_secs": 0,  # the reconcile pass's tests turn it on
    }
    return settings_of(CatalogSyncSettings, **(values | overrides))


WorldFactory = Callable[..., contextlib.AbstractAsyncContextManager[World]]


@pytest.fixture
def world(
    mongodb_uri: str,
    amqp_url: str,
    database_name: str,
    db: Any,
    topology: Topology,
    ingress_factory: Any,
) -> WorldFactory:
    """Start sandbox, ingress (hooks registered), and `consumers` catalog-sync apps."""

    @contextlib.asynccontextmanager
    async def start(
        *,
        consumers: int = 1,
        extra_stores: tuple[str, ...] = (),
        sandbox_options: dict[str, Any] | None = None,
        **overrides: Any,
    ) -> AsyncIterator[World]:
        config = SandboxConfig(
            stores=[
                StoreConfig.from_spec(f"{A}:{TOKENS[A]}"),
                StoreConfig.from_spec(f"{B}:{TOKENS[B]}"),
                *(StoreConfig.from_spec(f"{h}:tok-{h}") for h in extra_stores),
            ],
            seed_fixture=None,
            webhook_time_compression=1e6,
            **(sandbox_options or {}),
        )
        uri = uri_with_database(mongodb_uri, database_name)
        async with (
            running_sandbox(config) as sandbox,
            alert_receiver() as (alert_url, alerts),
            ingress_factory(
                bigcommerce_api_url=sandbox.url,
                store_a_hash=A,
                store_a_access_token=TOKENS[A],
                store_b_hash=B,
                store_b_access_token=TOKENS[B],
            ) as ingress,
            contextlib.AsyncExitStack() as stack,
        ):
            await sandbox.load_fixture(SEED_A, A)
            for empty in (B, *extra_stores):
                await sandbox.load_fixture({}, empty)
            settings = settings_for(
                sandbox.url, topology.namespace, uri, alert_webhook_url=alert_url, **overrides
            )
            hooks = {"app_url": str(ingress.http.base_url), "webhook_secret": SECRET}
            await sync_all_hooks(settings_of(HooksSettings, **values_of(settings), **hooks))
            registries = [CollectorRegistry() for _ in range(consumers)]
            for registry in registries:
                app = create_app(settings, topology=topology, registry=registry)
                await stack.enter_async_context(app.lifespan_context())
                await stack.enter_async_context(app)
            yield World(sandbox, settings, db, ingress, alerts, *registries[:1])

    return start
