"""`storebridge broker teardown --namespace NS`: shows what exists, asks, deletes only that
namespace; refuses while a service consumes; a namespace with nothing is said so."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import aio_pika
import pytest

from storebridge_cli.commands.broker import teardown
from storebridge_shared.broker.declaration import declare_topology, inventory_at
from storebridge_shared.broker.topology import Topology
from storebridge_shared.settings import BrokerSettings
from tests.support.settings import settings_of

pytestmark = pytest.mark.integration

STOREBRIDGE = str(Path(sys.executable).with_name("storebridge"))


def storebridge(*arguments: str, amqp_url: str, answer: str = "") -> subprocess.CompletedProcess:
    env = os.environ | {"AMQP_URL": amqp_url}
    return subprocess.run(
        [STOREBRIDGE, *arguments],
        input=answer,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


async def test_given_a_namespace_with_messages_when_torn_down_then_asked_then_only_it_is_gone(
    amqp_url, amqp_channel, declared_topology, topology
):
    neighbour = Topology(namespace=f"{topology.namespace}-other")
    await declare_topology(amqp_channel, neighbour)
    main = topology.queues("catalog-sync").main
    await amqp_channel.default_exchange.publish(aio_pika.Message(b"{}"), routing_key=main)
    command = ("broker", "teardown", "--namespace", topology.namespace)

    declined = storebridge(*command, amqp_url=amqp_url, answer="n\n")

    assert declined.returncode == 4, declined.stderr
    assert f"  queue     {main}  1 message(s)" in declined.stdout
    assert f"  exchange  {topology.events_exchange}" in declined.stdout
    assert "[y/N]" in declined.stderr
    assert not (await inventory_at(amqp_url, topology)).empty

    await teardown(
        settings_of(BrokerSettings, amqp_url=amqp_url, broker_namespace=topology.namespace),
        yes=True,
    )

    assert (await inventory_at(amqp_url, topology)).empty
    left = await inventory_at(amqp_url, neighbour)
    assert len(left.queues) == 2 * (2 + len(neighbour.retry_delays)) and len(left.exchanges) == 2
    again = storebridge(*command, amqp_url=amqp_url)
    assert again.returncode == 0 and "nothing of namespace" in again.stdout
    await teardown(
        settings_of(BrokerSettings, amqp_url=amqp_url, broker_namespace=neighbour.namespace),
        yes=True,
    )


async def test_given_a_service_consuming_when_torn_down_then_refused_and_nothing_deleted(
    amqp_url, amqp_channel, declared_topology, topology
):
    queue = await amqp_channel.declare_queue(topology.queues("order-replicator").main, passive=True)

    async def ignore(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        return None

    tag = await queue.consume(ignore)

    refused = storebridge(
        "broker", "teardown", "--namespace", topology.namespace, "--yes", amqp_url=amqp_url
    )

    assert refused.returncode == 1
    assert refused.stderr.startswith("storebridge broker: still consumed: ")
    await queue.cancel(tag)
    assert not (await inventory_at(amqp_url, topology)).empty
