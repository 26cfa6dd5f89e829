"""What the benchmarks share: the broker and MongoDB to use, a sandbox subprocess, an ingress in
this process, settings of one service, and waiting on a condition."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator, Mapping
from functools import partial
from typing import Any, TypeVar

import aio_pika
import httpx
from aiohttp import web

from storebridge_ingress.app import create_app as create_ingress
from storebridge_ingress.settings import IngressSettings
from storebridge_shared.broker.declaration import delete_topology
from storebridge_shared.broker.topology import Topology
from storebridge_shared.settings import SettingsBase
from storebridge_shared.testing.mongodb import free_port, stand_in
from tests.support.rabbitmq_node import broker_problem, private_node
from tests.support.settings import settings_of
from tests.support.waiting import wait_until

AMQP_URL = os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
SECRET = "bench-secret"
UNBOUNDED_QUOTA = 100_000_000

S = TypeVar("S", bound=SettingsBase)

wait_for = partial(wait_until, timeout=30.0, interval=0.005)
"""Benchmarks poll every 5 ms, so a measured latency is never a polling interval late."""


@contextlib.contextmanager
def mongodb() -> Iterator[str]:
    """MONGODB_URI when set, else an nx-27017 stand-in (in memory) for the run."""
    if uri := os.environ.get("MONGODB_URI"):
        yield uri
        return
    with stand_in() as uri:
        yield uri


@contextlib.contextmanager
def broker() -> Iterator[str]:
    """AMQP_URL when that broker answers, else a RabbitMQ node of the run's own (stopped after);
    a shared broker that does not answer is never restarted."""
    if broker_problem(AMQP_URL) is None:
        yield AMQP_URL
        return
    print(f"(the broker at {AMQP_URL} does not answer: a private RabbitMQ node is used)")
    with private_node() as node:
        yield node.url


def settings_for(
    settings_class: type[S],
    sandbox_url: str,
    mongodb_uri: str,
    namespace: str,
    stores: Mapping[str, str],
    **extra: Any,
) -> S:
    """Settings of one service of a benchmark: stores A (and B) of `stores`, quiet logs."""
    names = {"A": "store_a", "B": "store_b"}
    credentials: dict[str, Any] = {}
    for (store_hash, token), name in zip(stores.items(), names.values(), strict=False):
        credentials |= {f"{name}_hash": store_hash, f"{name}_access_token": token}
    return settings_of(
        settings_class,
        bigcommerce_api_url=sandbox_url,
        mongodb_uri=mongodb_uri,
        amqp_url=extra.pop("amqp_url", AMQP_URL),
        broker_namespace=namespace,
        webhook_secret=SECRET,
        log_level="warning",
        **credentials,
        **extra,
    )


@contextlib.asynccontextmanager
async def bench_namespace(amqp_url: str) -> AsyncIterator[str]:
    """A fresh broker namespace for one run; its queues and exchanges are deleted on exit, even
    when the run fails (leftover quorum queues hold the broker's file descriptors)."""
    namespace = f"bench-{uuid.uuid4().hex[:8]}"
    try:
        yield namespace
    finally:
        connection = await aio_pika.connect(amqp_url, timeout=30)
        async with connection:
            await delete_topology(await connection.channel(), Topology(namespace))


@contextlib.asynccontextmanager
async def serving_ingress(
    settings: IngressSettings, *, wait_for_broker: bool = False
) -> AsyncIterator[str]:
    """An ingress on a free port in this process; yields its URL (once the broker is up)."""
    runner = web.AppRunner(create_ingress(settings))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    try:
        if wait_for_broker:
            async with httpx.AsyncClient() as http:

                async def broker_up() -> bool:
                    return bool((await http.get(f"{url}/readyz")).json().get("broker"))

                await wait_until(broker_up, timeout=30.0, interval=0.05)
        yield url
    finally:
        await runner.cleanup()


@contextlib.asynccontextmanager
async def sandbox_process(
    stores: Mapping[str, str], quota: int, window_ms: int
) -> AsyncIterator[httpx.AsyncClient]:
    """A sandbox subprocess serving `stores` (hash -> token); yields an admin client on it."""
    port = free_port()
    command = [sys.executable, "-m", "storebridge_cli", "sandbox", "--port", str(port)]
    command += ["--quota", str(quota), "--window-ms", str(window_ms)]
    for store, token in stores.items():
        command += ["--store", f"{store}:{token}"]
    process = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60) as admin:
            await _until_serving(admin, process)
            yield admin
    finally:
        process.terminate()
        await process.wait()


async def _until_serving(admin: httpx.AsyncClient, process: asyncio.subprocess.Process) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.returncode is None:
        try:
            if (await admin.get("/_sandbox/stores")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.05)
    raise RuntimeError(f"sandbox did not start (exit code {process.returncode})")
