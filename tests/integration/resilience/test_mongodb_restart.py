"""The MongoDB stand-in killed (SIGKILL) and restarted on the same data while orders come in:
the ingress answers 503 meanwhile and BigCommerce retries; the replicator's failed attempts go to
its retry queues. Every order is replicated once, none twice."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from pymongo.errors import PyMongoError

from storebridge_ingress.settings import HooksSettings
from storebridge_order_replicator.settings import OrderReplicatorSettings
from storebridge_sandbox.config import SandboxConfig
from storebridge_sandbox.testing import running_sandbox
from storebridge_shared.hooks.sync import sync_all_hooks
from storebridge_shared.store.client import make_client
from storebridge_shared.testing.mongodb import _executable, _wait_for_ping, free_port
from tests.integration.order_replicator.conftest import STORES
from tests.integration.resilience.conftest import PHYSICAL, Stack, every_order_replicated_once
from tests.support.alerts import alert_receiver
from tests.support.mongo import uri_with_database
from tests.support.settings import settings_of, values_of
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.resilience, pytest.mark.timeout(300)]


class StandIn:
    """An nx-27017 server on one port and one data directory, which a test kills and restarts."""

    def __init__(self) -> None:
        self.port = free_port()
        self.base = Path(tempfile.mkdtemp(prefix="sbtest-nx-"))
        self.starts = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def uri(self) -> str:
        return f"mongodb://127.0.0.1:{self.port}/?directConnection=true"

    def start(self) -> None:
        self.starts += 1
        command = [_executable(), "--data-dir", str(self.base / "data"), "-p", str(self.port)]
        command += ["--pid-file", str(self.base / f"nx-{self.starts}.pid")]
        self.process = subprocess.Popen(
            [*command, "--log-file", str(self.base / "nx.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        _wait_for_ping(self.uri, self.process, timeout=30)

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait()


@pytest.fixture(scope="module")
def stand_in_server() -> Iterator[StandIn]:
    """A stand-in of this module's own, on a data directory that survives its restart."""
    server = StandIn()
    server.start()
    try:
        yield server
    finally:
        server.kill()
        shutil.rmtree(server.base, ignore_errors=True)


@pytest.fixture(scope="module")
def mongodb_uri(stand_in_server: StandIn) -> str:
    return stand_in_server.uri


@pytest.fixture(scope="module")
async def mongo_client(mongodb_uri: str) -> AsyncIterator[Any]:
    client = make_client(mongodb_uri)
    yield client
    await client.close()


@pytest.fixture
async def slow_retry_stack(
    ingress_factory, mongodb_uri, amqp_url, database_name, db, declared_topology
) -> AsyncIterator[Stack]:
    """Like the order replicator's stack, but BigCommerce retries over seconds, not at once."""
    config = SandboxConfig(stores=STORES, webhook_time_compression=60, rate_limit_quota=10_000)
    uri = uri_with_database(mongodb_uri, database_name)
    async with (
        running_sandbox(config) as sandbox,
        ingress_factory(bigcommerce_api_url=sandbox.url) as ingress,
        alert_receiver() as (alert_url, alerts),
    ):
        values = values_of(ingress.settings) | {
            "app_url": str(ingress.http.base_url),
            "mongodb_uri": uri,
            "amqp_url": amqp_url,
            "alert_webhook_url": alert_url,
            "order_max_attempts": 6,
            "consumer_prefetch": 20,
            "shutdown_grace_secs": 2.0,
            "ops_port": None,
        }
        settings = settings_of(OrderReplicatorSettings, **values)
        await sync_all_hooks(settings_of(HooksSettings, **values))
        yield Stack(sandbox, ingress, settings, db, declared_topology, alerts)


async def answers(db: Any) -> bool:
    """Whether the test's MongoDB client answers again: its first command after the restart
    meets a pooled connection the kill closed (AutoReconnect), and the pool is then renewed."""
    try:
        await db.command("ping")
    except PyMongoError:
        return False
    return True


async def test_given_orders_before_during_and_after_a_mongodb_kill_then_each_is_replicated_once(
    slow_retry_stack, stand_in_server
):
    stack = slow_retry_stack
    async with stack.replicator():
        before = [await stack.checkout(PHYSICAL) for _ in range(4)]
        await every_order_replicated_once(stack, before, timeout=60)
        await asyncio.to_thread(stand_in_server.kill)
        during = [await stack.checkout(PHYSICAL) for _ in range(4)]
        await stack.sandbox.wait_for_deliveries(1, "abc123", outcome="failed", timeout=30)
        await asyncio.to_thread(stand_in_server.start)
        await wait_until(lambda: answers(stack.db), timeout=30)  # the test's own client too
        after = [await stack.checkout(PHYSICAL) for _ in range(4)]

        await every_order_replicated_once(stack, before + during + after, timeout=150)

    assert await stack.sandbox.deliveries("abc123", outcome="failed")  # the outage was met
