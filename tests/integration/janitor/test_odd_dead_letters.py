"""Odd dead letters: whatever a dead letter's body (not JSON, not an object, missing fields,
megabytes), `dlq list`, `show`, `requeue --id` and `purge --id` work on it and on the rest of the
queue, on the real broker."""

from __future__ import annotations

import argparse
import json

import aio_pika
import pytest

from storebridge_cli.commands.dlq import act
from storebridge_shared.broker.dead_letter_records import digest_id
from storebridge_shared.broker.dead_letters import REQUEUED_AT_HEADER, dead_letter_queue
from storebridge_shared.broker.topology import Topology
from tests.integration.janitor.consumer import SERVICE, consuming
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration

ROUTING_KEY = "abc123.order.created"
ODD_BODIES = (
    b"\xff\xfe not json",
    b"[1, 2, 3]",
    b'{"event_id": "e-without-store", "scope": "store/order/created"}',
    b"[" * 50_000 + b"]" * 50_000,
    b'{"blob": "' + b"y" * 2_000_000 + b'"}',
)
"""Each becomes a dead letter through the consumer runtime (malformed body)."""
HEADERLESS = b'{"store_hash": "abc123"}'
"""Put straight into the dead-letter queue with no header at all (another tool, an old version),
and a message id no command line can pass: it is listed under the digest of its body."""


def command(action: str, event_id: str | None = None) -> argparse.Namespace:
    return argparse.Namespace(
        action=action, service=SERVICE, event_id=event_id, limit=None, yes=True
    )


async def publish_odd_letters(amqp_url: str, topology: Topology) -> None:
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        events = await channel.get_exchange(topology.events_exchange)
        for body in ODD_BODIES:
            await events.publish(aio_pika.Message(body), routing_key=ROUTING_KEY)
        await channel.default_exchange.publish(
            aio_pika.Message(HEADERLESS, message_id="not a\ntoken"),
            routing_key=topology.queues(SERVICE).dead,
        )


async def test_given_odd_dead_letters_when_listed_shown_requeued_and_purged_by_id_then_each_works(
    janitor_settings, declared_topology, capsys
):
    settings = janitor_settings()
    topology = Topology(settings.broker_namespace)
    handled: list[str] = []

    async def replicate(event) -> None:
        handled.append(event.event_id)

    async with (
        consuming(settings, replicate),
        dead_letter_queue(settings.amqp_url, topology, SERVICE) as dlq,
    ):
        await publish_odd_letters(settings.amqp_url, topology)

        async def all_dead() -> bool:
            return await dlq.count() == len(ODD_BODIES) + 1

        await wait_until(all_dead, timeout=30)
        capsys.readouterr()
        assert await act(settings, command("list")) == 0
        listed = capsys.readouterr().out
        entries = [line for line in listed.splitlines()[:-1] if not line.startswith(" ")]
        ids = [entry.split()[0] for entry in entries]
        assert len(set(ids)) == len(ODD_BODIES) + 1, listed
        assert digest_id(HEADERLESS) in ids
        assert listed.count(f"  {ROUTING_KEY}  ") == len(ODD_BODIES)  # as the broker routed it
        assert f"  {topology.queues(SERVICE).dead}  " in listed  # the headerless one
        assert "malformed body" in listed

        for event_id in ids:
            assert await act(settings, command("show", event_id)) == 0
            shown = json.loads(capsys.readouterr().out)
            assert set(shown) == {"headers", "body"}
        await wait_until(all_dead)

        requeued = ids[0]
        assert await act(settings, command("requeue", requeued)) == 0
        assert "1 message(s) sent back" in capsys.readouterr().out

        async def dead_again_after_the_requeue() -> bool:
            again = await dlq.show(requeued)
            return again is not None and REQUEUED_AT_HEADER in again.headers

        await wait_until(dead_again_after_the_requeue, timeout=30)
        await wait_until(all_dead)
        for event_id in ids:
            assert await act(settings, command("purge", event_id)) == 0
            assert "1 message(s) dropped" in capsys.readouterr().out
        assert await dlq.count() == 0
    assert handled == []
