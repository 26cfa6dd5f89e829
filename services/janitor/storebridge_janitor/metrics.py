"""Prometheus metrics of the janitor, on a registry of its own."""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge


@dataclass(frozen=True)
class JanitorMetrics:
    """Event-log size by state, oldest unprocessed age, dead letters, purge, re-drive and hook
    reconcile counts."""

    events: Gauge
    oldest_unprocessed_age: Gauge
    stuck: Gauge
    dead_letters: Gauge
    queue_messages: Gauge
    purged: Counter
    redriven: Counter
    lease_held: Gauge
    last_pass: Gauge
    hooks_reactivated: Counter
    hook_write_failures: Counter
    hook_reconcile_failures: Counter
    last_hook_reconcile: Gauge

    @classmethod
    def register(cls, registry: CollectorRegistry) -> JanitorMetrics:
        """Create every metric on `registry`."""
        return cls(
            events=Gauge(
                "storebridge_events",
                "Events in the event log by state",
                ["status"],
                registry=registry,
            ),
            oldest_unprocessed_age=Gauge(
                "storebridge_oldest_unprocessed_event_age_seconds",
                "Age of the oldest event not yet processed (0 when none)",
                registry=registry,
            ),
            stuck=Gauge(
                "storebridge_stuck_events",
                "Published events not processed after STUCK_EVENT_MINUTES",
                registry=registry,
            ),
            dead_letters=Gauge(
                "storebridge_dead_letters",
                "Messages in each service's dead-letter queue",
                ["service"],
                registry=registry,
            ),
            queue_messages=Gauge(
                "storebridge_queue_messages",
                "Messages ready in each service's queues: main, retry (every tier), dead",
                ["service", "queue"],
                registry=registry,
            ),
            purged=Counter(
                "storebridge_janitor_purged_events",
                "Processed events deleted after the retention period",
                registry=registry,
            ),
            redriven=Counter(
                "storebridge_janitor_redriven_events",
                "Stored but unpublished events the janitor published",
                registry=registry,
            ),
            lease_held=Gauge(
                "storebridge_janitor_lease_held",
                "1 while this janitor holds the lease and acts, else 0",
                registry=registry,
            ),
            last_pass=Gauge(
                "storebridge_janitor_last_pass_timestamp_seconds",
                "When this janitor last finished a pass (alert if it stops moving)",
                registry=registry,
            ),
            hooks_reactivated=Counter(
                "storebridge_janitor_hooks_reactivated",
                "Our hooks found inactive (deactivated by BigCommerce) and re-activated",
                registry=registry,
            ),
            hook_write_failures=Counter(
                "storebridge_janitor_hook_write_failures",
                "Hook creates, updates or deletes BigCommerce refused during a hook reconcile",
                registry=registry,
            ),
            hook_reconcile_failures=Counter(
                "storebridge_janitor_hook_reconcile_failures",
                "Hook reconciles that failed as a whole (a store's hooks could not be read)",
                registry=registry,
            ),
            last_hook_reconcile=Gauge(
                "storebridge_janitor_last_hook_reconcile_timestamp_seconds",
                "When our hooks were last reconciled on every store",
                registry=registry,
            ),
        )
