"""The janitor process: probes and metrics on JANITOR_OPS_PORT while it runs, a clean stop on signal."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import aio_pika
import httpx
import pytest

from storebridge_janitor.app import serve
from storebridge_shared.store.event_log import EventLog
from storebridge_shared.store.leases import Lease
from storebridge_shared.testing.mongodb import free_port
from tests.integration.janitor.conftest import envelope
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration


async def test_given_a_running_janitor_then_it_serves_metrics_and_on_stop_releases_its_lease(
    db, janitor_settings, declared_topology
):
    event_log = EventLog(db)
    await event_log.record(envelope(age=timedelta(minutes=3)))
    await event_log.close()
    port = free_port()
    settings = janitor_settings(ops_port=port, janitor_interval_secs=0.1)
    stop = asyncio.Event()
    task = asyncio.create_task(serve(settings, stop))

    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:

        async def ready() -> bool:
            try:
                return (await http.get("/readyz")).status_code == 200
            except httpx.TransportError:
                return False

        async def published() -> bool:
            text = (await http.get("/metrics")).text
            return 'storebridge_events{status="published"} 1.0' in text

        await wait_until(ready)
        await wait_until(published)
        metrics = (await http.get("/metrics")).text
        assert "storebridge_janitor_lease_held 1.0" in metrics
        assert 'storebridge_dead_letters{service="catalog-sync"} 0.0' in metrics
        assert "storebridge_oldest_unprocessed_event_age_seconds" in metrics
        assert "storebridge_janitor_purged_events_total" in metrics
        assert "_created" not in metrics  # off in every service's exposition

    stop.set()
    await asyncio.wait_for(task, timeout=10)
    holder = await Lease(db, "janitor", "observer", ttl_secs=1).holder()
    assert holder is not None and holder[1] == 0  # released: the next janitor takes over at once


async def test_given_a_dead_letter_between_passes_when_metrics_are_scraped_then_the_gauge_counts_it(
    db, janitor_settings, declared_topology, amqp_channel
):
    port = free_port()
    settings = janitor_settings(ops_port=port, janitor_interval_secs=3600)  # one pass only
    stop = asyncio.Event()
    task = asyncio.create_task(serve(settings, stop))
    dead = declared_topology.queues("catalog-sync").dead
    gauge = 'storebridge_dead_letters{service="catalog-sync"}'

    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:

        async def scraped(value: str):
            async def check() -> bool:
                try:
                    return f"{gauge} {value}" in (await http.get("/metrics")).text
                except httpx.TransportError:
                    return False

            return check

        await wait_until(await scraped("0.0"))
        await amqp_channel.default_exchange.publish(aio_pika.Message(b"{}"), routing_key=dead)
        await wait_until(await scraped("1.0"))  # no pass ran since: counted at the scrape

    stop.set()
    await asyncio.wait_for(task, timeout=10)


async def test_given_messages_waiting_when_metrics_are_scraped_then_queue_depths_count_them(
    db, janitor_settings, declared_topology, amqp_channel
):
    port = free_port()
    settings = janitor_settings(ops_port=port, janitor_interval_secs=3600)  # one pass only
    stop = asyncio.Event()
    task = asyncio.create_task(serve(settings, stop))
    queues = declared_topology.queues("order-replicator")
    main = 'storebridge_queue_messages{queue="main",service="order-replicator"}'
    retry = 'storebridge_queue_messages{queue="retry",service="order-replicator"}'

    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:

        async def shows(*lines: str):
            async def check() -> bool:
                try:
                    text = (await http.get("/metrics")).text
                except httpx.TransportError:
                    return False
                return all(line in text for line in lines)

            return check

        await wait_until(await shows(f"{main} 0.0", f"{retry} 0.0"))
        exchange = amqp_channel.default_exchange
        for name in (queues.main, queues.main, queues.retries[-1]):
            await exchange.publish(aio_pika.Message(b"{}"), routing_key=name)
        await wait_until(await shows(f"{main} 2.0", f"{retry} 1.0"))

    stop.set()
    await asyncio.wait_for(task, timeout=10)
