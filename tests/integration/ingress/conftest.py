"""An ingress served on a free port against the run's real RabbitMQ and MongoDB."""

from __future__ import annotations

import contextlib
import json
import time
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import aio_pika
import httpx
import pytest
from aiohttp import web

from storebridge_ingress.app import create_app
from storebridge_shared.settings import Settings
from storebridge_shared.topology import Topology
from tests.support.mongo import uri_with_database
from tests.support.waiting import wait_until

SECRET = "s3cret-for-tests"
STORE_A, STORE_B = "abc123", "def456"


def webhook(
    scope: str = "store/product/updated",
    *,
    store: str = STORE_A,
    resource_id: int = 205,
    bc_hash: str | None = None,
    **data: Any,
) -> dict[str, Any]:
    """A BigCommerce webhook body as BigCommerce sends it."""
    kind = scope.split("/")[1]
    return {
        "scope": scope,
        "store_id": "1025646",
        "data": {"type": kind, "id": resource_id, **data},
        "hash": bc_hash or uuid.uuid4().hex + "00000000",
        "created_at": int(time.time()),
        "producer": f"stores/{store}",
    }


@dataclass
class RunningIngress:
    """An ingress under test: its HTTP client, settings and broker queues."""

    http: httpx.AsyncClient
    settings: Settings
    topology: Topology
    channel: aio_pika.abc.AbstractChannel

    async def post(
        self,
        body: Any,
        *,
        path: str = "/webhooks",
        secret: str | None = SECRET,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """POST a webhook body (dict/list as JSON, bytes as is)."""
        sent = {"Content-Type": "application/json", **(headers or {})}
        if secret is not None:
            sent["X-Storebridge-Secret"] = secret
        content = body if isinstance(body, bytes) else json.dumps(body).encode()
        return await self.http.post(path, content=content, headers=sent)

    async def queued(self, service: str = "catalog-sync") -> int:
        """Messages ready in a service's queue."""
        queue = await self.channel.declare_queue(self.topology.queues(service).main, passive=True)
        return int(queue.declaration_result.message_count or 0)

    async def take(self, service: str = "catalog-sync") -> list[dict[str, Any]]:
        """Consume (and ack) every ready message of a service's queue."""
        queue = await self.channel.get_queue(self.topology.queues(service).main, ensure=False)
        bodies = []
        while (message := await queue.get(no_ack=True, fail=False)) is not None:
            bodies.append(json.loads(message.body))
        return bodies


IngressFactory = Callable[..., contextlib.AbstractAsyncContextManager[RunningIngress]]


@pytest.fixture
def ingress_factory(
    mongodb_uri: str,
    amqp_url: str,
    database_name: str,
    declared_topology: Topology,
    amqp_channel: aio_pika.abc.AbstractChannel,
) -> IngressFactory:
    """Start an ingress with test settings; keyword arguments override settings."""

    @contextlib.asynccontextmanager
    async def start(
        *, wait_for_mongodb: bool = True, **overrides: Any
    ) -> AsyncIterator[RunningIngress]:
        values: dict[str, Any] = {
            "mongodb_uri": uri_with_database(mongodb_uri, database_name),
            "amqp_url": amqp_url,
            "broker_namespace": declared_topology.namespace,
            "webhook_secret": SECRET,
            "store_a_hash": STORE_A,
            "store_a_access_token": "tok-a",
            "store_b_hash": STORE_B,
            "store_b_access_token": "tok-b",
            "relay_interval_secs": 0.2,
            "mongodb_timeout_ms": 1000,
        }
        settings = Settings(_env_file=None, **(values | overrides))  # type: ignore[call-arg]
        runner = web.AppRunner(create_app(settings))
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=15) as http:
            running = RunningIngress(http, settings, declared_topology, amqp_channel)
            try:
                if wait_for_mongodb:
                    await _until(running, "mongodb")
                yield running
            finally:
                await runner.cleanup()

    return start


@pytest.fixture
async def ingress(ingress_factory: IngressFactory) -> AsyncIterator[RunningIngress]:
    """An ingress with default test settings, connected to the broker."""
    async with ingress_factory() as running:
        await _until(running, "broker")
        yield running


async def _until(running: RunningIngress, dependency: str) -> None:
    async def ready() -> bool:
        return bool((await running.http.get("/readyz")).json()[dependency])

    await wait_until(ready)
