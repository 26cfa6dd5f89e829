"""Test harness: real RabbitMQ and real MongoDB (or the nx-27017 stand-in), each test isolated.

MongoDB, in this order: `MONGODB_URI`; a testcontainers MongoDB when a Docker engine answers; an
`nx-27017` server started here on a free port. RabbitMQ, in this order: a node of the run's own
with `TEST_BROKER=private`; `AMQP_URL`; a testcontainers RabbitMQ when a Docker engine answers;
127.0.0.1:5672 when it answers a probe within 15 s; else a node of the run's own
(tests/support/rabbitmq_node.py), so a sick shared broker never makes every test hang to its
timeout. The summary line says which backends a run used.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import aio_pika
import pytest
from pymongo import AsyncMongoClient

from storebridge_shared.broker.declaration import declare_topology, delete_topology
from storebridge_shared.broker.topology import Topology
from storebridge_shared.store.client import make_client
from storebridge_shared.store.collections import ensure_indexes
from storebridge_shared.testing.mongodb import stand_in
from tests.support.processes import command_line, descendants, kill
from tests.support.rabbitmq_node import broker_problem, private_node

BACKENDS: dict[str, str] = {}
LEFTOVER_QUEUES: list[str] = []
NAMESPACE_OWNERS: dict[str, str] = {}


def _docker_engine_answers() -> bool:
    try:
        import docker  # type: ignore[import-untyped]

        docker.from_env(timeout=2).ping()
    except Exception:
        return False
    return True


@pytest.fixture(scope="session")
def mongodb_uri() -> Iterator[str]:
    """URI of the MongoDB server this run uses."""
    if uri := os.environ.get("MONGODB_URI"):
        BACKENDS["mongodb"] = f"MONGODB_URI ({uri.split('@')[-1]})"
        yield uri
        return
    if _docker_engine_answers():
        from testcontainers.mongodb import MongoDbContainer

        with MongoDbContainer("mongo:8") as container:
            BACKENDS["mongodb"] = "testcontainers mongo:8"
            yield container.get_connection_url()
        return
    with stand_in() as uri:
        BACKENDS["mongodb"] = f"nx-27017 stand-in ({uri})"
        yield uri


def _everywhere(url: str) -> Iterator[str]:
    """Yield `url`, also as AMQP_URL for settings built from the environment and subprocesses."""
    before = os.environ.get("AMQP_URL")
    os.environ["AMQP_URL"] = url
    try:
        yield url
    finally:
        if before is None:
            del os.environ["AMQP_URL"]
        else:
            os.environ["AMQP_URL"] = before


@pytest.fixture(scope="session")
def amqp_url() -> Iterator[str]:
    """URL of the RabbitMQ broker this run uses."""
    if os.environ.get("TEST_BROKER") == "private":
        with private_node() as node:
            BACKENDS["rabbitmq"] = f"private node {node.name} (TEST_BROKER=private)"
            yield from _everywhere(node.url)
            LEFTOVER_QUEUES.extend(node.queues())
        return
    if url := os.environ.get("AMQP_URL"):
        BACKENDS["rabbitmq"] = f"AMQP_URL ({url.split('@')[-1]})"
        yield url
        return
    if _docker_engine_answers():
        from testcontainers.rabbitmq import RabbitMqContainer

        with RabbitMqContainer("rabbitmq:3.13-management") as container:
            params = container.get_connection_params()
            BACKENDS["rabbitmq"] = "testcontainers rabbitmq:3.13"
            yield f"amqp://guest:guest@{params.host}:{params.port}/"
        return
    local = "amqp://guest:guest@127.0.0.1:5672/"
    if (problem := broker_problem(local)) is None:
        BACKENDS["rabbitmq"] = "local broker (127.0.0.1:5672)"
        yield local
        return
    # A broker that is down or does not answer would make every broker test hang to its timeout
    # (a whole CI run lost): use a node of this run's own, or stop the run with the reason.
    try:
        with private_node() as node:
            BACKENDS["rabbitmq"] = f"private node {node.name} (127.0.0.1:5672 failed: {problem})"
            yield from _everywhere(node.url)
    except RuntimeError as error:
        pytest.exit(f"no RabbitMQ: 127.0.0.1:5672 failed ({problem}); {error}", returncode=3)


@pytest.fixture(scope="session")
async def mongo_client(mongodb_uri: str) -> AsyncIterator[AsyncMongoClient[dict[str, Any]]]:
    """One client for the whole run."""
    client = make_client(mongodb_uri)
    yield client
    await client.close()


@pytest.fixture
async def database_name(mongo_client: AsyncMongoClient[dict[str, Any]]) -> AsyncIterator[str]:
    """A fresh database name for one test, dropped afterwards."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    yield name
    await mongo_client.drop_database(name)


@pytest.fixture
async def db(mongo_client: AsyncMongoClient[dict[str, Any]], database_name: str) -> Any:
    """A fresh database with every index, for one test."""
    database = mongo_client[database_name]
    await ensure_indexes(database)
    return database


@pytest.fixture
def topology(request: pytest.FixtureRequest) -> Topology:
    """A topology under a namespace of this test's own."""
    namespace = f"t-{uuid.uuid4().hex[:10]}"
    NAMESPACE_OWNERS[namespace] = request.node.nodeid
    return Topology(namespace=namespace)


@pytest.fixture
async def amqp_channel(amqp_url: str) -> AsyncIterator[aio_pika.abc.AbstractChannel]:
    """A channel on the real broker, closed after the test."""
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        yield await connection.channel()


@pytest.fixture
async def declared_topology(amqp_url: str, topology: Topology) -> AsyncIterator[Topology]:
    """The test's topology declared on the broker, deleted after the test."""
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        await declare_topology(channel, topology)
        yield topology
        await delete_topology(await connection.channel(), topology)


LEFTOVERS: list[str] = []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """After every fixture is torn down, no process the run started may still be alive."""
    leftovers = descendants(os.getpid())
    LEFTOVERS.extend(f"{pid} {command_line(pid)[:200]}" for pid in leftovers)
    if leftovers:
        kill(leftovers)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say which MongoDB and RabbitMQ the run used, and any process the run left behind."""
    for name, backend in BACKENDS.items():
        terminalreporter.write_line(f"storebridge test backend: {name} = {backend}")
    for leftover in LEFTOVERS:
        terminalreporter.write_line(f"storebridge test LEFTOVER process (killed): {leftover}")
    for queue in LEFTOVER_QUEUES:
        owner = NAMESPACE_OWNERS.get(queue.split(".", 1)[0], "?")
        terminalreporter.write_line(f"storebridge test LEFTOVER queue: {queue} (test {owner})")
