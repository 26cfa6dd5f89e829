"""Nothing accepted is lost: a 200 means durable, whatever the broker or MongoDB are doing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import pytest

from tests.support.ingress import IngressFactory, RunningIngress, webhook
from tests.support.mongo import host_port, uri_with_database
from tests.support.tcp_proxy import TcpProxy
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration


@pytest.fixture
async def broker_proxy(amqp_url: str) -> AsyncIterator[TcpProxy]:
    parts = urlsplit(amqp_url)
    proxy = await TcpProxy(parts.hostname or "127.0.0.1", parts.port or 5672).start()
    yield proxy
    await proxy.cut()


@pytest.fixture
async def mongo_proxy(mongodb_uri: str) -> AsyncIterator[TcpProxy]:
    proxy = await TcpProxy(*host_port(mongodb_uri)).start()
    yield proxy
    await proxy.cut()


def through(proxy: TcpProxy, amqp_url: str) -> str:
    parts = urlsplit(amqp_url)
    credentials = parts.netloc.rsplit("@", 1)[0]
    return f"{parts.scheme}://{credentials}@127.0.0.1:{proxy.port}{parts.path or '/'}"


async def test_given_the_broker_is_down_when_a_webhook_arrives_then_200_and_the_relay_publishes_it_once_when_it_returns(
    ingress_factory: IngressFactory, broker_proxy: TcpProxy, amqp_url: str, db
):
    async with ingress_factory(amqp_url=through(broker_proxy, amqp_url)) as ingress:
        await wait_until(lambda: _ready(ingress))
        await broker_proxy.cut()

        response = await ingress.post(webhook())

        assert response.status_code == 200
        assert (await db.events.find_one({}))["status"] == "received"
        assert await ingress.queued() == 0

        await broker_proxy.restore()

        async def published() -> bool:
            return (await db.events.find_one({}))["status"] == "published"

        await wait_until(published, timeout=30)
        [message] = await ingress.take()
        assert message["event_id"] == response.json()["event_id"]


async def test_given_the_broker_was_never_reachable_when_webhooks_arrive_then_they_are_published_after_it_appears(
    ingress_factory: IngressFactory, broker_proxy: TcpProxy, amqp_url: str, db
):
    await broker_proxy.cut()
    async with ingress_factory(amqp_url=through(broker_proxy, amqp_url)) as ingress:
        responses = [await ingress.post(webhook()) for _ in range(3)]
        assert [r.status_code for r in responses] == [200] * 3
        assert (await ingress.http.get("/readyz")).status_code == 503

        await broker_proxy.restore()

        async def all_published() -> bool:
            return await db.events.count_documents({"status": "published"}) == 3

        await wait_until(all_published, timeout=30)
        assert len(await ingress.take()) == 3


async def test_given_mongodb_is_down_when_a_webhook_arrives_then_503_and_nothing_is_published(
    ingress_factory: IngressFactory, mongo_proxy: TcpProxy, mongodb_uri: str, database_name: str, db
):
    uri = uri_with_database(mongodb_uri, database_name, port=mongo_proxy.port)
    async with ingress_factory(mongodb_uri=uri) as ingress:
        await wait_until(lambda: _ready(ingress))
        await mongo_proxy.cut()

        response = await ingress.post(webhook())

        assert response.status_code == 503
        assert "reason" in response.json()
        assert await ingress.queued() == 0
        assert (await ingress.http.get("/readyz")).status_code == 503

        await mongo_proxy.restore()
        retried = await ingress.post(webhook())
        assert retried.status_code == 200
        assert await db.events.count_documents({}) == 1


async def _insert_round_trips(ingress: RunningIngress) -> float:
    metrics = (await ingress.http.get("/metrics")).text
    [line] = [
        m
        for m in metrics.splitlines()
        if m.startswith("storebridge_ingress_insert_batch_size_count")
    ]
    return float(line.split()[-1])


async def test_given_mongodb_is_unreachable_when_webhooks_queue_behind_a_failing_insert_then_they_fail_with_it_not_one_timeout_later(
    ingress_factory: IngressFactory, mongo_proxy: TcpProxy, mongodb_uri: str, database_name: str, db
):
    uri = uri_with_database(mongodb_uri, database_name, port=mongo_proxy.port)
    async with ingress_factory(mongodb_uri=uri, mongodb_timeout_ms=5000) as ingress:
        await wait_until(lambda: _ready(ingress))
        await mongo_proxy.cut()
        probe = await ingress.post(webhook())  # fails at once on the pooled connection, cut
        assert probe.status_code == 503
        before = await _insert_round_trips(ingress)

        first = asyncio.ensure_future(ingress.post(webhook()))

        async def first_insert_in_flight() -> bool:
            return await _insert_round_trips(ingress) == before + 1

        await wait_until(first_insert_in_flight)
        queued = [asyncio.ensure_future(ingress.post(webhook())) for _ in range(4)]
        responses = await asyncio.gather(first, *queued)

        assert [r.status_code for r in responses] == [503] * 5
        assert await _insert_round_trips(ingress) == before + 1  # one failed round trip, not two
        await mongo_proxy.restore()
        assert await db.events.count_documents({}) == 0


async def _ready(ingress: RunningIngress) -> bool:
    return (await ingress.http.get("/readyz")).status_code == 200


async def test_given_mongodb_is_unreachable_at_start_when_it_appears_then_the_ingress_becomes_ready_and_accepts(
    ingress_factory: IngressFactory, mongo_proxy: TcpProxy, mongodb_uri: str, database_name: str, db
):
    await mongo_proxy.cut()
    uri = uri_with_database(mongodb_uri, database_name, port=mongo_proxy.port)
    async with ingress_factory(mongodb_uri=uri, wait_for_mongodb=False) as ingress:
        assert (await ingress.post(webhook())).status_code == 503

        await mongo_proxy.restore()
        await wait_until(lambda: _ready(ingress), timeout=20)

        assert (await ingress.post(webhook())).status_code == 200
        assert await db.events.count_documents({}) == 1
