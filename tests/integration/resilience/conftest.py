"""The resilience suite: real outages under the order path (sandbox store -> hooks -> ingress ->
RabbitMQ -> order replicator -> MongoDB and BigCommerce) and the catalog path. Each module takes
its own RabbitMQ node (never the shared broker on 5672) and each test asserts that nothing is lost
and no side effect happens twice: every order stored once and its status moved by exactly one
PUT; every product of A in B once, created by one POST.

Five tests in four modules: two broker restarts under checkouts (orders before, during and after;
an order whose read is held when the node stops, its cancelled claim), the catalog broker
restart (`test_broker_restart_catalog.py`), a SIGKILLed catalog-sync process, the MongoDB
stand-in killed and restarted. Marked `resilience`: in `make test` (about 97 s together at load
0.5), alone with `make test-resilience`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import aio_pika
import pytest

from storebridge_shared.broker.declaration import declare_topology, delete_topology
from storebridge_shared.broker.topology import Topology
from tests.integration.order_replicator.conftest import PHYSICAL, Stack, stack
from tests.support.rabbitmq_node import PrivateNode, private_node
from tests.support.waiting import wait_until

__all__ = ["PHYSICAL", "Stack", "stack"]


@pytest.fixture(scope="module")
def rabbitmq_node() -> Iterator[PrivateNode]:
    """A RabbitMQ node of this module's own, which a test may stop and start."""
    with private_node() as node:
        yield node


@pytest.fixture
def amqp_url(rabbitmq_node: PrivateNode) -> str:
    """Every broker client of a resilience test talks to the private node."""
    return rabbitmq_node.url


@pytest.fixture
async def declared_topology(amqp_url: str, topology: Topology) -> AsyncIterator[Topology]:
    """The test's topology, declared and deleted on connections of their own (a connection held
    across the test would be closed by the broker restart)."""
    for step in (declare_topology, None, delete_topology):
        if step is None:
            yield topology
            continue
        connection = await aio_pika.connect(amqp_url)
        async with connection:
            await step(await connection.channel(), topology)


@pytest.fixture
async def amqp_channel(amqp_url: str) -> AsyncIterator[aio_pika.abc.AbstractChannel]:
    """A channel on a robust connection: it outlives the broker restart a test causes."""
    connection = await aio_pika.connect_robust(amqp_url)
    async with connection:
        yield await connection.channel()


async def every_order_replicated_once(stack: Stack, order_ids: list[int], timeout: float) -> None:
    """Wait until each order is replicated; then assert one document and one status PUT each."""

    async def all_replicated() -> bool:
        docs = [await stack.order_doc(order_id) for order_id in order_ids]
        return all(doc is not None and doc["state"] == "replicated" for doc in docs)

    try:
        await wait_until(all_replicated, timeout=timeout)
    except AssertionError:
        states = {i: (await stack.order_doc(i) or {}).get("state") for i in order_ids}
        raise AssertionError(f"orders not all replicated: {states}") from None
    await asyncio.sleep(0)
    for order_id in order_ids:
        assert await stack.db.orders.count_documents({"order_id": order_id}) == 1
        assert len(await stack.status_puts(order_id)) == 1, order_id
        assert (await stack.bc_order(order_id))["status_id"] == 9
