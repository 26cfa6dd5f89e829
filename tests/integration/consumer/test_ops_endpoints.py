"""A consumer app with its ops port set serves health, readiness and metrics while it runs."""

from __future__ import annotations

import httpx
import pytest
from faststream import TestApp

from storebridge_shared.broker.consumer import build_consumer_app
from storebridge_shared.broker.declaration import delete_topology
from storebridge_shared.broker.topology import Topology
from storebridge_shared.settings import ConsumerSettings
from tests.support.settings import settings_of
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration


async def test_given_an_ops_port_when_the_consumer_runs_then_probes_and_metrics_answer(
    amqp_url, topology, amqp_channel
):
    from storebridge_shared.testing.mongodb import free_port

    port = free_port()
    settings = settings_of(ConsumerSettings, amqp_url=amqp_url, ops_port=port)
    ours = Topology(topology.namespace, bindings={"probe-test": ("*.product.#",)})

    async def handle(envelope) -> None:
        """Does nothing."""

    async def mongodb_ready() -> bool:
        return False

    app = build_consumer_app(
        settings, ours, "probe-test", handle, readiness={"mongodb": mongodb_ready}
    )
    async with TestApp(app), httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:

        async def serving() -> bool:
            try:
                return (await http.get("/healthz")).status_code == 200
            except httpx.TransportError:
                return False

        await wait_until(serving)
        ready = await http.get("/readyz")
        assert ready.status_code == 503
        assert ready.json() == {"broker": True, "mongodb": False}
        assert "storebridge_consumer" in (await http.get("/metrics")).text
    await delete_topology(amqp_channel, ours)
