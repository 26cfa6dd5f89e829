"""Fixtures shared by integration tests: an ingress on a free port against the real services."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import aio_pika
import httpx
import pytest
from aiohttp import web

from storebridge_ingress.app import create_app
from storebridge_ingress.settings import IngressSettings
from storebridge_shared.broker.topology import Topology
from tests.support.ingress import SECRET, STORE_A, STORE_B, IngressFactory, RunningIngress
from tests.support.mongo import uri_with_database
from tests.support.settings import settings_of
from tests.support.waiting import wait_until


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
        settings = settings_of(IngressSettings, **(values | overrides))
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
