"""Events stored but never published are published by the janitor once the broker is back."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from storebridge_janitor.app import open_janitor
from storebridge_shared.events.lifecycle import EventStatus
from storebridge_shared.store.event_log import EventLog
from tests.integration.janitor.conftest import FAST, envelope
from tests.support.fakes import FakeAlerts
from tests.support.tcp_proxy import TcpProxy
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration


async def test_given_unpublished_events_and_the_broker_down_when_it_comes_back_then_the_janitor_publishes_them(
    db, amqp_url, janitor_settings, declared_topology, amqp_channel
):
    event_log = EventLog(db)
    events = [envelope(age=timedelta(minutes=5), resource_id=str(i)) for i in range(3)]
    for event in events:
        await event_log.record(event)
    broker = urlsplit(amqp_url)
    proxy = await TcpProxy(broker.hostname or "127.0.0.1", broker.port or 5672).start()
    await proxy.cut()
    proxied = amqp_url.replace(
        f"{broker.hostname}:{broker.port or 5672}", f"127.0.0.1:{proxy.port}"
    )
    settings = janitor_settings(amqp_url=proxied)

    async with open_janitor(settings, config=FAST) as running:
        down = await running.janitor.run_pass()
        assert down.leader and down.redriven == 0
        assert (await event_log.get(events[0].event_id))[1] is EventStatus.RECEIVED

        await proxy.restore()
        await wait_until(running.checks["broker"], timeout=15)
        up = await running.janitor.run_pass()

    assert up.redriven == 3
    queue = await amqp_channel.declare_queue(
        declared_topology.queues("order-replicator").main, passive=True
    )
    assert queue.declaration_result.message_count == 3
    for event in events:
        assert (await event_log.get(event.event_id))[1] is EventStatus.PUBLISHED
    await event_log.close()
    await proxy.cut()


async def test_given_published_events_nobody_processed_when_past_the_threshold_then_reported_once_not_dropped(
    db, janitor_settings, declared_topology
):
    event_log = EventLog(db)
    stuck = envelope(age=timedelta(hours=2))
    await event_log.record(stuck)
    await event_log.mark_published(stuck.event_id)
    fresh = envelope()
    await event_log.record(fresh)
    await event_log.mark_published(fresh.event_id)
    alerts = FakeAlerts()

    async with open_janitor(janitor_settings(), config=FAST, alerter=alerts) as running:
        janitor = running.janitor
        first = await janitor.run_pass()
        second = await janitor.run_pass()

    assert first.stuck == second.stuck == 1
    assert [kind for kind, _, _ in alerts.sent] == ["events_stuck"]
    assert stuck.event_id in alerts.sent[0][2]["oldest"]
    assert (await event_log.get(stuck.event_id))[1] is EventStatus.PUBLISHED
    await event_log.close()
