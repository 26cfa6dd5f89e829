"""Prometheus metrics of the consumer runtime, registered on a registry the service passes in."""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Histogram

from storebridge_shared.broker.consumer.retry import DeadCause, Outcome, Verdict
from storebridge_shared.broker.topology import ServiceQueues

ATTEMPT_BUCKETS = (1, 2, 3, 4, 5, 6, 8, 10, 15, 20)


@dataclass(frozen=True)
class ConsumerMetrics:
    """Messages by outcome, handler duration, attempts a message needed before settling,
    retries by tier and dead letters by cause."""

    messages: Counter
    handler_seconds: Histogram
    attempts: Histogram
    retries: Counter
    dead_letters: Counter

    @classmethod
    def register(cls, registry: CollectorRegistry) -> ConsumerMetrics:
        """Create the metrics on `registry`."""
        return cls(
            messages=Counter(
                "storebridge_consumer_messages",
                "Deliveries handled, by outcome (ack, retry, dead, requeue).",
                ("service", "outcome"),
                registry=registry,
            ),
            handler_seconds=Histogram(
                "storebridge_consumer_handler_seconds",
                "Time spent in the service's handler per delivery.",
                ("service",),
                registry=registry,
            ),
            attempts=Histogram(
                "storebridge_consumer_attempts",
                "Attempts a message took until it was acked or dead-lettered.",
                ("service",),
                buckets=ATTEMPT_BUCKETS,
                registry=registry,
            ),
            retries=Counter(
                "storebridge_consumer_retries",
                "Deliveries sent to a retry queue, by tier (its delay, e.g. 30s)",
                ("service", "tier"),
                registry=registry,
            ),
            dead_letters=Counter(
                "storebridge_consumer_dead_letters",
                "Messages dead-lettered, by cause (permanent, exhausted, malformed)",
                ("service", "cause"),
                registry=registry,
            ),
        )

    def settled(self, service: str, outcome: Outcome, attempt: int) -> None:
        """Count one delivery's outcome; a final one (ack, dead) also records its attempts."""
        self.messages.labels(service=service, outcome=outcome.value).inc()
        if outcome in (Outcome.ACK, Outcome.DEAD):
            self.attempts.labels(service=service).observe(attempt)

    def forwarded(self, queues: ServiceQueues, verdict: Verdict, attempt: int) -> None:
        """Count a delivery safely sent to its retry tier or to the dead-letter queue."""
        if verdict.outcome is Outcome.RETRY:
            _, delay = queues.retry_queue(attempt)
            self.retries.labels(service=queues.service, tier=f"{delay:g}s").inc()
        elif verdict.outcome is Outcome.DEAD:
            cause = verdict.cause or DeadCause.PERMANENT
            self.dead_letters.labels(service=queues.service, cause=cause.value).inc()
