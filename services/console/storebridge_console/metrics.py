"""Prometheus metrics of the console, registered on a registry the app owns."""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Histogram


@dataclass(frozen=True)
class ConsoleMetrics:
    """Requests by route and status, render time by route, logins by outcome, actions."""

    registry: CollectorRegistry
    requests: Counter
    seconds: Histogram
    logins: Counter
    actions: Counter

    @classmethod
    def create(cls, registry: CollectorRegistry | None = None) -> ConsoleMetrics:
        """Register the console metrics on `registry` (a fresh one by default)."""
        registry = registry or CollectorRegistry()
        return cls(
            registry=registry,
            requests=Counter(
                "storebridge_console_requests",
                "Console requests by route and HTTP status",
                ["route", "status"],
                registry=registry,
            ),
            seconds=Histogram(
                "storebridge_console_request_seconds",
                "Time to answer a console request, by route",
                ["route"],
                buckets=(0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5),
                registry=registry,
            ),
            logins=Counter(
                "storebridge_console_logins",
                "Login attempts by outcome (ok, wrong, throttled)",
                ["outcome"],
                registry=registry,
            ),
            actions=Counter(
                "storebridge_console_actions",
                "State-changing actions done from the console, by action",
                ["action"],
                registry=registry,
            ),
        )
