"""Several ingress workers on one port: all of them serve, metrics add up, SIGTERM loses nothing.

The ingress runs as `python -m storebridge_ingress` with INGRESS_WORKERS=2 (a supervisor and two
spawned workers sharing the port through SO_REUSEPORT). Each request uses a new connection, so
the kernel spreads them over both workers; the workers' log lines say which one answered.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aio_pika
import httpx
import pytest

from storebridge_shared.broker.topology import Topology
from storebridge_shared.testing.mongodb import free_port
from tests.support.ingress import SECRET, STORE_A, webhook
from tests.support.mongo import uri_with_database
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration

WEBHOOKS = 60


@dataclass
class Supervised:
    """The supervisor process, its base URL and its log file."""

    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def lines(self) -> list[dict[str, Any]]:
        """The JSON log lines written so far (the supervisor's and the workers')."""
        found = []
        for line in self.log.read_text(errors="replace").splitlines():
            with contextlib.suppress(ValueError):
                found.append(json.loads(line))
        return found

    def worker_pids(self) -> list[int]:
        """The pids the supervisor reported when it started its workers."""
        started = [r for r in self.lines() if r.get("event") == "ingress_workers_started"]
        return list(started[0]["pids"]) if started else []


@contextlib.contextmanager
def _supervisor(env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "storebridge_ingress"],
            env=os.environ | env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,  # its own process group, which a test may signal whole
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                process.terminate()
            process.wait(timeout=60)


@pytest.fixture
async def two_workers(
    mongodb_uri: str, amqp_url: str, database_name: str, declared_topology: Topology, tmp_path
) -> AsyncIterator[Supervised]:
    port = free_port()
    env = {
        "MONGODB_URI": uri_with_database(mongodb_uri, database_name),
        "AMQP_URL": amqp_url,
        "BROKER_NAMESPACE": declared_topology.namespace,
        "WEBHOOK_SECRET": SECRET,
        "STORE_A_HASH": STORE_A,
        "PORT": str(port),
        "INGRESS_WORKERS": "2",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "info",
    }
    with _supervisor(env, tmp_path / "ingress.log") as process:
        served = Supervised(process, f"http://127.0.0.1:{port}", tmp_path / "ingress.log")
        await wait_until(lambda: _both_ready(served), timeout=60)
        yield served


async def _both_ready(served: Supervised) -> bool:
    """Ready once both workers logged their event log ready (a worker still creating its
    indexes answers 503) and a fresh connection finds one ready."""
    if len(served.worker_pids()) != 2 or served.process.poll() is not None:
        return False
    ready = {r.get("worker") for r in served.lines() if r.get("event") == "event_log_ready"}
    if ready != {0, 1}:
        return False
    with contextlib.suppress(httpx.TransportError):
        async with _fresh_client(served) as http:
            return (await http.get("/readyz")).status_code == 200
    return False


def _fresh_client(served: Supervised) -> httpx.AsyncClient:
    """A client that opens a new connection for every request."""
    limits = httpx.Limits(max_keepalive_connections=0)
    return httpx.AsyncClient(base_url=served.url, limits=limits, timeout=30)


async def _post(http: httpx.AsyncClient, body: dict[str, Any]) -> int:
    try:
        response = await http.post(
            "/webhooks",
            content=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "X-Storebridge-Secret": SECRET},
        )
    except httpx.TransportError:  # refused once the workers stopped listening
        return 0
    return response.status_code


async def _queued(channel: aio_pika.abc.AbstractChannel, topology: Topology) -> int:
    queue = await channel.declare_queue(topology.queues("catalog-sync").main, passive=True)
    return int(queue.declaration_result.message_count or 0)


async def test_given_two_workers_when_webhooks_arrive_on_new_connections_then_both_answer_and_each_is_stored_and_queued_once(
    two_workers: Supervised, db, amqp_channel, declared_topology
):
    sent, answered_by = 0, set()
    for _ in range(20):  # a worker still binding may miss the first burst on a loaded machine
        async with _fresh_client(two_workers) as http:
            statuses = await asyncio.gather(*(_post(http, webhook()) for _ in range(WEBHOOKS)))
        assert statuses == [200] * WEBHOOKS
        sent += WEBHOOKS
        accepted = [r for r in two_workers.lines() if r.get("event") == "webhook_accepted"]
        answered_by = {r["worker"] for r in accepted}
        if answered_by == {0, 1}:
            break

    assert answered_by == {0, 1}
    assert await db.events.count_documents({}) == sent

    async def all_queued() -> bool:
        return await _queued(amqp_channel, declared_topology) == sent

    await wait_until(all_queued)


async def test_given_two_workers_when_metrics_are_read_then_they_count_the_requests_of_both(
    two_workers: Supervised,
):
    async with _fresh_client(two_workers) as http:
        await asyncio.gather(*(_post(http, webhook()) for _ in range(WEBHOOKS)))
        exposition = (await http.get("/metrics")).text

    assert f'storebridge_ingress_requests_total{{status="200"}} {float(WEBHOOKS)}' in exposition


@pytest.mark.parametrize("to_the_group", [False, True], ids=["supervisor", "process-group"])
async def test_given_two_workers_with_webhooks_in_flight_when_sigterm_arrives_then_every_200_is_stored_and_queued_and_all_exit_0(
    two_workers: Supervised, db, amqp_channel, declared_topology, to_the_group: bool
):
    answered: list[int] = []
    async with _fresh_client(two_workers) as http:

        async def one() -> None:
            answered.append(await _post(http, webhook()))

        sending = [asyncio.create_task(one()) for _ in range(WEBHOOKS)]
        await wait_until(lambda: _some_answered(answered))
        if to_the_group:  # as `make run` stops a child: the workers get it twice
            os.killpg(two_workers.process.pid, signal.SIGTERM)
        else:  # as Kubernetes and Docker stop a container: PID 1 only
            two_workers.process.send_signal(signal.SIGTERM)
        await asyncio.gather(*sending)

    assert await asyncio.to_thread(two_workers.process.wait, 60) == 0
    assert not [pid for pid in two_workers.worker_pids() if _alive(pid)]
    ok = answered.count(200)
    assert ok >= 5 and set(answered) <= {0, 200}  # 0: refused once the workers stopped listening
    assert await db.events.count_documents({}) == ok

    async def every_200_queued() -> bool:
        return await _queued(amqp_channel, declared_topology) == ok

    await wait_until(every_200_queued)


async def _some_answered(answered: list[int]) -> bool:
    return len(answered) >= 5


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
