"""What happens to one delivery: parse, handle, then ack, retry or dead-letter it.

    delivery --parse--> EventEnvelope --handler--> ok ............................ ack
                  |                        |----> PermanentFailure / last attempt -> dead, ack
                  |                        '----> other exception ---------------> retry.{n}, ack
                  '--> not an envelope ----------------------------------------> dead, ack

Each failure is one log line with its reason (`retry scheduled`, `message dead-lettered`); only
an unexpected exception (not a PermanentFailure or TransientFailure) adds `handler failed` with
its traceback.

A retry or dead copy is published with a confirm before the original is acked; if that publish
fails the original is nacked back to its queue (the quorum delivery limit bounds such loops).
"""

from __future__ import annotations

import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeAlias

import structlog
from faststream.rabbit.message import RabbitMessage
from opentelemetry import trace
from pydantic import ValidationError

from storebridge_shared.broker.consumer import retry
from storebridge_shared.broker.consumer.metrics import ConsumerMetrics
from storebridge_shared.broker.consumer.publisher import BrokerPublisher
from storebridge_shared.broker.consumer.retry import DeadCause, Outcome, Verdict
from storebridge_shared.broker.topology import ServiceQueues
from storebridge_shared.events.envelope import EventEnvelope, utcnow
from storebridge_shared.ops.tracing import EVENT_ID_ATTRIBUTE

log = structlog.get_logger(__name__)

Handler: TypeAlias = Callable[[EventEnvelope], Awaitable[None]]
"""A service's handler: a plain async function of one envelope; returning means the work is done."""


@dataclass(frozen=True)
class DeadLetter:
    """A message the runtime has just dead-lettered (given to the `on_dead_letter` hook)."""

    service: str
    reason: str
    attempts: int
    failed_at: datetime
    routing_key: str
    envelope: EventEnvelope | None
    """None when the body was not an envelope."""

    @property
    def event_id(self) -> str | None:
        """The envelope's event id, when the body parsed."""
        return self.envelope.event_id if self.envelope else None


DeadLetterHook: TypeAlias = Callable[[DeadLetter], Awaitable[None]]
"""Called after a dead letter is safely in the dead-letter queue (alerting)."""

CallNext: TypeAlias = Callable[[Any], Awaitable[Any]]


@dataclass(frozen=True)
class _Delivery:
    message: RabbitMessage
    attempt: int
    routing_key: str
    envelope: EventEnvelope | None = None


class ConsumerRuntime:
    """Settles each delivery of one service's queue; FastStream calls `process`."""

    def __init__(
        self,
        *,
        queues: ServiceQueues,
        dead_exchange: str,
        max_attempts: int,
        forwarder: BrokerPublisher,
        metrics: ConsumerMetrics,
        on_dead_letter: DeadLetterHook | None = None,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.queues = queues
        self._dead_exchange = dead_exchange
        self._max_attempts = max_attempts
        self._forwarder = forwarder
        self._metrics = metrics
        self._on_dead_letter = on_dead_letter
        self._rng = rng

    @property
    def service(self) -> str:
        """The consuming service's name."""
        return self.queues.service

    async def process(self, message: RabbitMessage, call_next: CallNext) -> None:
        """Parse, handle through `call_next` (the service handler) and settle one delivery."""
        attempt = retry.attempt_of(message.headers)
        raw_key = message.raw_message.routing_key or ""
        with structlog.contextvars.bound_contextvars(
            service=self.service, routing_key=raw_key, attempt=attempt
        ):
            try:
                envelope = await message.decode()
            except ValidationError as error:
                reason = retry.describe_malformed(error)
                verdict = Verdict(Outcome.DEAD, reason, DeadCause.MALFORMED)
                await self._settle(_Delivery(message, attempt, raw_key), verdict)
                return
            if not isinstance(envelope, EventEnvelope):
                raise TypeError("the subscriber must decode with decode_envelope")
            delivery = _Delivery(message, attempt, envelope.routing_key, envelope)
            trace.get_current_span().set_attribute(EVENT_ID_ATTRIBUTE, envelope.event_id)
            with structlog.contextvars.bound_contextvars(
                event_id=envelope.event_id, routing_key=envelope.routing_key
            ):
                failure = await self._call(call_next, message)
                verdict = retry.judge(failure, attempt=attempt, max_attempts=self._max_attempts)
                await self._settle(delivery, verdict)

    async def _call(self, call_next: CallNext, message: RabbitMessage) -> Exception | None:
        started = time.perf_counter()
        try:
            await call_next(message)
        except Exception as error:
            if not retry.expected(error):  # an expected one is told by the settle line's reason
                log.warning("handler failed", error=retry.describe(error), exc_info=error)
            return error
        finally:
            elapsed = time.perf_counter() - started
            self._metrics.handler_seconds.labels(service=self.service).observe(elapsed)
        return None

    async def _settle(self, delivery: _Delivery, verdict: Verdict) -> None:
        now = utcnow()
        try:
            if verdict.outcome is Outcome.RETRY:
                await self._send_to_retry(delivery, verdict.reason, now)
            elif verdict.outcome is Outcome.DEAD:
                await self._send_to_dead(delivery, verdict.reason, now)
        except Exception as error:
            log.error("could not forward the message; returning it to its queue", exc_info=error)
            await delivery.message.nack(requeue=True)
            self._metrics.settled(self.service, Outcome.REQUEUE, delivery.attempt)
            return
        await delivery.message.ack()
        self._metrics.settled(self.service, verdict.outcome, delivery.attempt)
        self._metrics.forwarded(self.queues, verdict, delivery.attempt)
        if verdict.outcome is Outcome.DEAD:
            await self._alert(delivery, verdict.reason, now)

    async def _send_to_retry(self, delivery: _Delivery, error: str, now: datetime) -> None:
        queue, delay = self.queues.retry_queue(delivery.attempt)
        expiration = retry.jittered(delay, rng=self._rng)
        await self._forwarder.forward(
            delivery.message,
            exchange="",
            routing_key=queue,
            headers=retry.retry_headers(
                delivery.message.headers, attempt=delivery.attempt, error=error, now=now
            ),
            expiration=expiration,
        )
        log.warning(
            "retry scheduled", reason=error, retry_queue=queue, delay_secs=round(expiration, 3)
        )

    async def _send_to_dead(self, delivery: _Delivery, reason: str, now: datetime) -> None:
        headers = retry.dead_headers(
            delivery.message.headers,
            reason=reason,
            attempts=delivery.attempt,
            service=self.service,
            routing_key=delivery.routing_key,
            now=now,
        )
        await self._forwarder.forward(
            delivery.message,
            exchange=self._dead_exchange,
            routing_key=self.queues.main,
            headers=headers,
        )
        log.error("message dead-lettered", reason=reason, dead_queue=self.queues.dead)

    async def _alert(self, delivery: _Delivery, reason: str, now: datetime) -> None:
        if self._on_dead_letter is None:
            return
        letter = DeadLetter(
            service=self.service,
            reason=reason,
            attempts=delivery.attempt,
            failed_at=now,
            routing_key=delivery.routing_key,
            envelope=delivery.envelope,
        )
        try:
            await self._on_dead_letter(letter)
        except Exception as error:
            # The dead letter is already durable; a failing alert must not undo the ack.
            log.error("on_dead_letter hook failed", reason=reason, exc_info=error)
