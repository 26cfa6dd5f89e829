"""Replay of a time window: the events go to the right queues again and an idempotent consumer
ends in the same state, whether it kept its state (nothing changes) or lost it (rebuilt).

The order replicator and catalog sync are not built yet, so the consumer here is a test consumer
on the order-replicator queue with a processed ledger, as every storebridge consumer has.
"""

from __future__ import annotations

import argparse
from datetime import timedelta

import pytest

from storebridge_cli.commands.replay import replay_window
from storebridge_shared.store.event_log import EventLog
from tests.integration.janitor.conftest import envelope
from tests.integration.janitor.consumer import SERVICE, consuming, publishing
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration


class IdempotentReplicator:
    """Derives one record per order from its events; skips events it already processed."""

    def __init__(self) -> None:
        self.ledger: set[str] = set()
        self.orders: dict[str, list[str]] = {}
        self.deliveries = 0

    async def handle(self, event) -> None:
        self.deliveries += 1
        if event.event_id in self.ledger:
            return
        self.orders.setdefault(event.resource_id, []).append(event.bc_hash)
        self.orders[event.resource_id].sort()
        self.ledger.add(event.event_id)

    def snapshot(self, order_ids) -> dict[str, list[str]]:
        return {k: list(v) for k, v in self.orders.items() if k in order_ids}


def replay_args(**overrides) -> argparse.Namespace:
    values = {"store": "abc123", "scope": ["store/order/*"], "since": "2h", "until": None}
    return argparse.Namespace(**(values | {"dry_run": False, "yes": True} | overrides))


async def test_given_a_window_of_stored_events_when_replayed_then_an_idempotent_consumer_ends_in_the_same_state(
    db, janitor_settings, declared_topology, amqp_channel, capsys
):
    settings = janitor_settings()
    event_log = EventLog(db)
    in_window = [
        envelope(age=timedelta(minutes=m), resource_id=r)
        for m, r in ((50, "1"), (40, "2"), (30, "1"), (20, "3"))
    ]
    before_window = envelope(age=timedelta(hours=3), resource_id="9")
    product = envelope(age=timedelta(minutes=10), scope="store/product/updated")
    stored = [*in_window, before_window, product]
    for event in stored:
        await event_log.record(event)
    replicator = IdempotentReplicator()

    async with consuming(settings, replicator.handle), publishing(settings) as publisher:
        for event in stored:  # the original run
            await publisher.publish(event)
        await wait_until(_delivered(replicator, 5))
        window_orders = {"1", "2", "3"}
        original = replicator.snapshot(window_orders)

        assert await replay_window(settings, replay_args()) == 0  # state kept: nothing changes
        await wait_until(_delivered(replicator, 9))
        assert replicator.snapshot(window_orders) == original
        assert "republished 4 event(s) of abc123" in capsys.readouterr().out

        replicator.ledger.clear()  # state lost: rebuilt from the replay alone
        replicator.orders.clear()
        assert await replay_window(settings, replay_args()) == 0
        await wait_until(_delivered(replicator, 13))
        assert replicator.snapshot(window_orders) == original
        assert "9" not in replicator.orders

    catalog = await amqp_channel.declare_queue(
        declared_topology.queues("catalog-sync").main, passive=True
    )
    assert catalog.declaration_result.message_count == 1  # the product scope was not replayed
    await event_log.close()


async def test_given_a_dry_run_when_replaying_then_it_counts_and_publishes_nothing(
    db, janitor_settings, declared_topology, amqp_channel, capsys
):
    event_log = EventLog(db)
    for minutes in (30, 20):
        await event_log.record(envelope(age=timedelta(minutes=minutes)))

    status = await replay_window(janitor_settings(), replay_args(scope=["*"], dry_run=True))

    assert status == 0
    assert "would republish 2 event(s)" in capsys.readouterr().out
    queue = await amqp_channel.declare_queue(declared_topology.queues(SERVICE).main, passive=True)
    assert queue.declaration_result.message_count == 0
    await event_log.close()


def _delivered(replicator: IdempotentReplicator, count: int):
    async def reached() -> bool:
        return replicator.deliveries >= count

    return reached
