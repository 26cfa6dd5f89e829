"""Helpers to drive an ingress under test: webhook bodies and the running ingress handle."""

from __future__ import annotations

import contextlib
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aio_pika
import httpx

from storebridge_ingress.settings import IngressSettings
from storebridge_shared.broker.topology import Topology

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
    settings: IngressSettings
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
