"""The order replicator under test: sandbox stores, hooks to a real ingress, RabbitMQ, MongoDB."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import aio_pika
import pytest

from storebridge_ingress.settings import HooksSettings
from storebridge_order_replicator.app import OrderReplicatorService, running
from storebridge_order_replicator.settings import OrderReplicatorSettings
from storebridge_sandbox.config import SandboxConfig, StoreConfig
from storebridge_sandbox.testing import RunningSandbox, running_sandbox
from storebridge_shared.bigcommerce import ClientConfig, RetryPolicy
from storebridge_shared.broker.topology import Topology
from storebridge_shared.hooks.sync import sync_all_hooks
from tests.support.alerts import alert_receiver
from tests.support.ingress import STORE_A, STORE_B, IngressFactory, RunningIngress
from tests.support.mongo import uri_with_database
from tests.support.settings import settings_of, values_of
from tests.support.waiting import wait_until

STORES = [StoreConfig.from_spec(f"{STORE_A}:tok-a"), StoreConfig.from_spec(f"{STORE_B}:tok-b")]
PHYSICAL, OTHER_PHYSICAL, DIGITAL, OTHER_DIGITAL = 79, 81, 88, 89
"""Seed products of the sandbox's default fixture."""

FAST_CLIENT = ClientConfig(
    max_concurrency=3, retry=RetryPolicy(max_attempts=2, base_delay_s=0.01, max_delay_s=0.02)
)
"""Short client-side retries, so the consumer's retry queues are exercised quickly."""


@dataclass
class Stack:
    """Sandbox, ingress (hooks registered to it) and the settings of a replicator."""

    sandbox: RunningSandbox
    ingress: RunningIngress
    settings: OrderReplicatorSettings
    db: Any
    topology: Topology
    alerts: list[dict[str, Any]] = field(default_factory=list)

    def replicator(
        self, **overrides: Any
    ) -> contextlib.AbstractAsyncContextManager[OrderReplicatorService]:
        """A running replicator (no periodic poll: tests call `backstop.poll_all()`); a
        `registry` given is the one its metrics are on."""
        options = {"poll": overrides.pop("poll", False)}
        if "registry" in overrides:
            options["registry"] = overrides.pop("registry")
        settings = settings_of(OrderReplicatorSettings, **(values_of(self.settings) | overrides))
        return running(settings, topology=self.topology, client_config=FAST_CLIENT, **options)

    async def checkout(self, *product_ids: int, **extra: Any) -> int:
        """A shopper buys one of each product in store A; the new order id."""
        items = [{"product_id": pid, "quantity": 1} for pid in product_ids]
        return await self.sandbox.checkout(items, STORE_A, **extra)

    async def bc_order(self, order_id: int) -> dict[str, Any]:
        """The order as BigCommerce has it now."""
        async with self.sandbox.api_client(STORE_A) as api:
            result: dict[str, Any] = (await api.get(f"/v2/orders/{order_id}")).json()
            return result

    async def status_puts(self, order_id: int) -> list[dict[str, Any]]:
        """PUTs of the order's status that BigCommerce received."""
        return await self.sandbox.requests(STORE_A, method="PUT", path=f"/v2/orders/{order_id}")

    async def order_calls(self, order_id: int) -> list[str]:
        """`METHOD path` of every API call about the order that BigCommerce received."""
        prefix = f"/v2/orders/{order_id}"
        calls = await self.sandbox.requests(STORE_A)
        return [
            f"{call['method']} {call['path']}"
            for call in calls
            if call["path"] == prefix or call["path"].startswith(prefix + "/")
        ]

    async def order_doc(self, order_id: int) -> dict[str, Any] | None:
        """The replicated order's MongoDB document."""
        doc: dict[str, Any] | None = await self.db.orders.find_one(
            {"store_hash": STORE_A, "order_id": order_id}
        )
        return doc

    async def until_state(self, order_id: int, state: str, timeout: float = 15) -> dict[str, Any]:
        """Wait until the order reached `state` in MongoDB; its document."""

        async def reached() -> bool:
            doc = await self.order_doc(order_id)
            return doc is not None and doc["state"] == state

        await wait_until(reached, timeout=timeout)
        doc = await self.order_doc(order_id)
        assert doc is not None
        return doc


@pytest.fixture
async def stack(
    ingress_factory: IngressFactory,
    mongodb_uri: str,
    amqp_url: str,
    database_name: str,
    db: Any,
    declared_topology: Topology,
) -> AsyncIterator[Stack]:
    """Sandbox stores whose hooks point at a running ingress; replicator settings to match."""
    config = SandboxConfig(stores=STORES, webhook_time_compression=1e6, rate_limit_quota=10_000)
    async with (
        running_sandbox(config) as sandbox,
        ingress_factory(bigcommerce_api_url=sandbox.url) as ingress,
        alert_receiver() as (alert_url, alerts),
    ):
        values = values_of(ingress.settings) | {
            "app_url": str(ingress.http.base_url),
            "mongodb_uri": uri_with_database(mongodb_uri, database_name),
            "amqp_url": amqp_url,
            "alert_webhook_url": alert_url,
            "order_max_attempts": 3,
            "consumer_prefetch": 20,
            "shutdown_grace_secs": 2.0,
            "ops_port": None,
        }
        settings = settings_of(OrderReplicatorSettings, **values)
        reports = await sync_all_hooks(settings_of(HooksSettings, **values))
        assert not any(report.errors for report in reports)
        yield Stack(sandbox, ingress, settings, db, declared_topology, alerts)


@contextlib.asynccontextmanager
async def replicated_events(
    amqp_url: str, topology: Topology, routing_key: str = "*.replicated.order"
) -> AsyncIterator[Callable[[], list[dict[str, Any]]]]:
    """A merchant's queue bound to `*.replicated.order` (or `*.updated.order`); call the result
    for what arrived."""
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        events = await channel.get_exchange(topology.events_exchange)
        queue = await channel.declare_queue(exclusive=True, auto_delete=True)
        await queue.bind(events, routing_key=routing_key)
        seen: list[dict[str, Any]] = []

        async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
            seen.append(json.loads(message.body))
            await message.ack()

        await queue.consume(on_message)
        yield lambda: list(seen)
        await asyncio.sleep(0)
