"""The test harness's RabbitMQ: a broker that does not answer is noticed, a private node serves."""

from __future__ import annotations

import socket

import aio_pika
import pytest

from storebridge_shared.testing.mongodb import free_port
from tests.support.rabbitmq_node import broker_problem, private_node

pytestmark = pytest.mark.integration


def test_given_nothing_listens_when_the_harness_probes_then_it_names_the_problem():
    problem = broker_problem(f"amqp://guest:guest@127.0.0.1:{free_port()}/")

    assert problem is not None and problem != ""


def test_given_a_port_that_accepts_but_never_speaks_when_probed_then_the_probe_gives_up():
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]

        assert broker_problem(f"amqp://guest:guest@127.0.0.1:{port}/") is not None


async def test_given_a_private_node_when_a_test_uses_it_then_it_serves_and_leaves_nothing():
    with private_node() as node:
        connection = await aio_pika.connect(node.url)
        async with connection:
            channel = await connection.channel()
            queue = await channel.declare_queue("private-node-check", auto_delete=True)
            assert node.queues() == ["private-node-check"]
            await channel.default_exchange.publish(aio_pika.Message(b"x"), "private-node-check")
            message = await queue.get(timeout=10)
            assert message.body == b"x"
            await message.ack()
        status = node.ctl("status")
        assert status.returncode == 0

    assert node.ctl("status", timeout=30).returncode != 0
    assert not node.base.exists()
