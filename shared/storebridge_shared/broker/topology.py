"""THE broker topology: every exchange, queue and binding name storebridge uses, as data.

Pure: no I/O. `declaration.py` declares it on the broker (with the queue arguments). No other
module names a queue or an exchange.

    ingress --publish(confirm)--> {ns}.events (topic) --binding keys--> {ns}.{service} (quorum)
    {ns}.{service} --runtime on failure--> {ns}.{service}.retry.{n} (quorum, TTL)
                   --TTL expiry, dead-lettered via default exchange--> {ns}.{service}
    {ns}.{service} --runtime after N attempts, or delivery limit--> {ns}.dead
                   --routing key {ns}.{service}--> {ns}.{service}.dead
"""

from __future__ import annotations

from dataclasses import dataclass, field

RETRY_DELAYS_SECS: tuple[float, ...] = (1.0, 5.0, 30.0, 120.0, 600.0, 1800.0)
"""Backoff tiers; attempt n waits in tier min(n-1, last). Jitter stays inside the tier."""

RETRY_JITTER = 0.25
"""A retried message expires after delay * (1 - RETRY_JITTER .. 1): never later than its tier."""

DELIVERY_LIMIT = 20
"""Quorum-queue safety net: a message redelivered this often (a crashing consumer) is
dead-lettered by the broker."""


@dataclass(frozen=True)
class ServiceQueues:
    """The queues of one consuming service."""

    service: str
    main: str
    dead: str
    retries: tuple[str, ...]
    binding_keys: tuple[str, ...]
    delays: tuple[float, ...] = RETRY_DELAYS_SECS

    def retry_queue(self, attempt: int) -> tuple[str, float]:
        """Name and delay of the retry queue for the given failed attempt (1-based)."""
        tier = min(max(attempt, 1) - 1, len(self.retries) - 1)
        return self.retries[tier], self.delays[tier]


MAIN, RETRY, DEAD = "main", "retry", "dead"
"""The kinds of a service's queues, as the queue-depth gauges label them."""

QueueDepths = dict[str, dict[str, int]]
"""Per service: messages ready in its main queue, in all its retry tiers together, and dead."""


SERVICE_BINDINGS: dict[str, tuple[str, ...]] = {
    "catalog-sync": (
        "*.product.#",
        "*.sku.#",
        "*.category.#",
        "*.brand.#",
        "*.metafield.#",
        "*.channel.*.product.#",
    ),
    "order-replicator": ("*.order.#", "*.cart.converted"),
}
"""Which routing keys each consuming service receives (keys are `{store}.{resource}.{action}`)."""


@dataclass(frozen=True)
class Topology:
    """All names under one namespace, so tests and deployments can live side by side."""

    namespace: str = "storebridge"
    bindings: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(SERVICE_BINDINGS))
    retry_delays: tuple[float, ...] = RETRY_DELAYS_SECS
    """Seconds a message waits in each retry tier (tests use tenths of a second)."""

    def __post_init__(self) -> None:
        if not self.retry_delays or any(delay <= 0 for delay in self.retry_delays):
            raise ValueError("retry_delays must be one or more positive delays")

    @property
    def events_exchange(self) -> str:
        """Durable topic exchange every event is published to."""
        return f"{self.namespace}.events"

    @property
    def dead_exchange(self) -> str:
        """Direct exchange routing dead letters to the owning service's dead-letter queue."""
        return f"{self.namespace}.dead"

    @property
    def services(self) -> tuple[str, ...]:
        """Names of the consuming services."""
        return tuple(self.bindings)

    def queues(self, service: str) -> ServiceQueues:
        """The queues of `service`."""
        main = f"{self.namespace}.{service}"
        return ServiceQueues(
            service=service,
            main=main,
            dead=f"{main}.dead",
            retries=tuple(f"{main}.retry.{i}" for i in range(len(self.retry_delays))),
            binding_keys=self.bindings[service],
            delays=self.retry_delays,
        )
