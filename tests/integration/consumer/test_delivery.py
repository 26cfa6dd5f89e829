"""The consumer runtime on real RabbitMQ: ack after handling, retries, dead letters, prefetch."""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest
import structlog
from prometheus_client import CollectorRegistry

from storebridge_shared.broker.consumer import (
    ATTEMPT_HEADER,
    ATTEMPTS_HEADER,
    FAILED_AT_HEADER,
    REASON_HEADER,
    SERVICE_HEADER,
    PermanentFailure,
)
from storebridge_shared.broker.topology import DELIVERY_LIMIT
from storebridge_shared.events.envelope import EventEnvelope

from .conftest import SERVICE, Broker, Recorder, RunConsumer, envelope, eventually, metric

pytestmark = pytest.mark.integration


class TestAcknowledgement:
    async def test_given_a_published_envelope_when_consumed_then_it_is_handled_once_and_acked(
        self, broker: Broker, run_consumer: RunConsumer
    ):
        registry = CollectorRegistry()
        handled: list[EventEnvelope] = []
        bound: list[dict[str, object]] = []

        async def handler(event: EventEnvelope) -> None:
            bound.append(structlog.contextvars.get_contextvars())
            handled.append(event)

        sent = envelope()
        async with run_consumer(handler, registry=registry):
            await broker.publish(sent)
            await eventually(
                lambda: metric(registry, "storebridge_consumer_messages_total", outcome="ack") == 1
            )

        main = broker.topology.queues(SERVICE).main
        assert handled == [sent]
        assert bound[0]["event_id"] == sent.event_id
        assert bound[0]["service"] == SERVICE and bound[0]["routing_key"] == sent.routing_key
        assert await broker.stays_empty(main), "nothing was left unacked and requeued"
        assert metric(registry, "storebridge_consumer_handler_seconds_count") == 1
        assert metric(registry, "storebridge_consumer_attempts_sum") == 1


class TestRetries:
    async def test_given_a_handler_failing_twice_then_the_third_attempt_succeeds_via_retry_tiers(
        self, broker: Broker, run_consumer: RunConsumer
    ):
        registry = CollectorRegistry()
        attempts: list[object] = []

        async def handler(event: EventEnvelope) -> None:
            attempts.append(structlog.contextvars.get_contextvars()["attempt"])
            if len(attempts) < 3:
                raise ConnectionError("destination store timed out")

        async with run_consumer(handler, registry=registry):
            await broker.publish(envelope())
            await eventually(
                lambda: metric(registry, "storebridge_consumer_messages_total", outcome="ack") == 1
            )

        assert attempts == [1, 2, 3]
        assert metric(registry, "storebridge_consumer_messages_total", outcome="retry") == 2
        assert metric(registry, "storebridge_consumer_attempts_sum") == 3
        assert metric(registry, "storebridge_consumer_retries_total", tier="0.05s") == 1
        assert metric(registry, "storebridge_consumer_retries_total", tier="0.1s") == 1
        queues = broker.topology.queues(SERVICE)
        for name in (queues.main, queues.dead, *queues.retries):
            assert await broker.ready(name) == 0

    async def test_given_a_handler_always_failing_then_it_is_dead_lettered_after_max_attempts(
        self, broker: Broker, run_consumer: RunConsumer
    ):
        recorder, registry = Recorder(), CollectorRegistry()
        calls: list[EventEnvelope] = []

        async def handler(event: EventEnvelope) -> None:
            calls.append(event)
            raise RuntimeError("always broken")

        sent = envelope()
        queues = broker.topology.queues(SERVICE)
        options = {"recorder": recorder, "registry": registry, "consumer_max_attempts": 3}
        async with run_consumer(handler, **options):
            await broker.publish(sent)
            dead = await broker.take(queues.dead)
            await eventually(lambda: len(recorder.dead) == 1)

        assert len(calls) == 3
        assert EventEnvelope.model_validate_json(dead.body) == sent
        assert dead.headers[ATTEMPTS_HEADER] == 3
        assert dead.headers[SERVICE_HEADER] == SERVICE
        assert str(dead.headers[REASON_HEADER]).startswith("gave up after 3 attempt(s)")
        assert "RuntimeError: always broken" in str(dead.headers[REASON_HEADER])
        datetime.fromisoformat(str(dead.headers[FAILED_AT_HEADER]))
        letter = recorder.dead[0]
        assert letter.event_id == sent.event_id and letter.attempts == 3
        assert letter.routing_key == sent.routing_key
        assert metric(registry, "storebridge_consumer_dead_letters_total", cause="exhausted") == 1


class TestImmediateDeadLetters:
    async def test_given_a_permanent_failure_then_it_is_dead_lettered_at_once(
        self, broker: Broker, run_consumer: RunConsumer
    ):
        recorder, registry = Recorder(), CollectorRegistry()
        calls: list[EventEnvelope] = []

        async def handler(event: EventEnvelope) -> None:
            calls.append(event)
            raise PermanentFailure("product 205 has no SKU")

        async with run_consumer(handler, recorder=recorder, registry=registry):
            await broker.publish(envelope())
            dead = await broker.take(broker.topology.queues(SERVICE).dead)
            await eventually(lambda: len(recorder.dead) == 1)

        assert len(calls) == 1
        assert dead.headers[ATTEMPTS_HEADER] == 1
        assert ATTEMPT_HEADER not in dead.headers
        assert dead.headers[REASON_HEADER] == (
            "permanent failure: PermanentFailure: product 205 has no SKU"
        )
        assert metric(registry, "storebridge_consumer_dead_letters_total", cause="permanent") == 1
        assert metric(registry, "storebridge_consumer_retries_total", tier="0.05s") == 0

    @pytest.mark.parametrize("body", [b"not json at all", b'{"event_id": "e1"}'])
    async def test_given_a_malformed_body_then_it_is_dead_lettered_at_once_unhandled(
        self, broker: Broker, run_consumer: RunConsumer, body: bytes
    ):
        recorder, registry = Recorder(), CollectorRegistry()
        calls: list[EventEnvelope] = []

        async def handler(event: EventEnvelope) -> None:
            calls.append(event)

        async with run_consumer(handler, recorder=recorder, registry=registry):
            await broker.publish(body, routing_key="abc123.product.updated")
            dead = await broker.take(broker.topology.queues(SERVICE).dead)
            await eventually(lambda: len(recorder.dead) == 1)

        assert calls == []
        assert dead.body == body
        assert str(dead.headers[REASON_HEADER]).startswith("malformed body")
        assert recorder.dead[0].envelope is None
        assert recorder.dead[0].routing_key == "abc123.product.updated"
        assert metric(registry, "storebridge_consumer_dead_letters_total", cause="malformed") == 1


class TestIsolation:
    @pytest.mark.parametrize("topology", [(0.3, 0.3)], indirect=True)
    async def test_given_a_poison_message_then_others_are_handled_while_it_retries(
        self, broker: Broker, run_consumer: RunConsumer
    ):
        poison, good = envelope("666"), [envelope(str(i)) for i in range(5)]
        handled: list[str] = []
        poison_tries: list[int] = []

        async def handler(event: EventEnvelope) -> None:
            if event == poison:
                poison_tries.append(len(handled))
                raise RuntimeError("poison")
            handled.append(event.event_id)

        queues = broker.topology.queues(SERVICE)
        async with run_consumer(handler, consumer_prefetch=1, consumer_max_attempts=3):
            await broker.publish(poison)
            for event in good:
                await broker.publish(event)
            await broker.take(queues.dead)

        assert sorted(handled) == sorted(e.event_id for e in good)
        assert poison_tries == [0, 5, 5], "all others handled before its first retry"


class TestPrefetch:
    async def test_given_prefetch_3_then_no_more_than_3_handlers_run_at_once(
        self, broker: Broker, run_consumer: RunConsumer
    ):
        gate = asyncio.Event()
        running, peak, done = 0, 0, 0

        async def handler(event: EventEnvelope) -> None:
            nonlocal running, peak, done
            running += 1
            peak = max(peak, running)
            await gate.wait()
            running -= 1
            done += 1

        async with run_consumer(handler, consumer_prefetch=3):
            for i in range(9):
                await broker.publish(envelope(str(i)))
            await eventually(lambda: running == 3)
            with pytest.raises(AssertionError):
                await eventually(lambda: running > 3, timeout=0.3)
            gate.set()
            await eventually(lambda: done == 9)

        assert peak == 3


class TestForwardingFailure:
    @pytest.mark.usefixtures("plain_logs")
    async def test_given_the_retry_queue_is_gone_then_the_message_is_requeued_not_lost(
        self, broker: Broker, run_consumer: RunConsumer
    ):
        registry = CollectorRegistry()
        calls: list[EventEnvelope] = []

        async def handler(event: EventEnvelope) -> None:
            calls.append(event)
            raise RuntimeError("fails, and its retry copy cannot be routed")

        queues = broker.topology.queues(SERVICE)
        async with run_consumer(handler, registry=registry):
            await broker.channel.queue_delete(queues.retries[0])
            await broker.publish(envelope())
            dead = await broker.take(queues.dead)

        assert metric(registry, "storebridge_consumer_messages_total", outcome="requeue") >= 1
        assert metric(registry, "storebridge_consumer_messages_total", outcome="retry") == 0
        assert dead.headers["x-first-death-reason"] == "delivery_limit"
        assert len(calls) == DELIVERY_LIMIT + 1
