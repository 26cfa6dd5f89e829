"""Prometheus metrics of the BigCommerce clients of one process, labelled by store hash.

One `ApiMetrics` per registry, shared by every client the process opens (`BigCommerceClient(...,
metrics=...)`); a client given none counts on a private registry nobody scrapes.
"""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge

from storebridge_shared.bigcommerce.pacing import QuotaHeaders

TRANSPORT_ERROR = "error"
"""The `status` label of an attempt that got no HTTP answer (timeout, connection refused)."""


@dataclass(frozen=True)
class ApiMetrics:
    """Calls by method and status, 429s, the quota left, pacing waits, retries, failed calls."""

    calls: Counter
    rate_limited: Counter
    quota_remaining: Gauge
    quota: Gauge
    quota_wait_seconds: Counter
    retries: Counter
    failed_calls: Counter

    @classmethod
    def register(cls, registry: CollectorRegistry) -> ApiMetrics:
        """Create the metrics on `registry`."""
        return cls(
            calls=Counter(
                "storebridge_bigcommerce_requests",
                "Requests put on the wire (each retry counts), by method and HTTP status",
                ("store", "method", "status"),
                registry=registry,
            ),
            rate_limited=Counter(
                "storebridge_bigcommerce_rate_limited",
                "429 answers received (retried or not)",
                ("store",),
                registry=registry,
            ),
            quota_remaining=Gauge(
                "storebridge_bigcommerce_quota_remaining",
                "Requests left in the store's window, as the last X-Rate-Limit-Requests-Left said",
                ("store",),
                registry=registry,
            ),
            quota=Gauge(
                "storebridge_bigcommerce_quota",
                "Requests per window, as the last X-Rate-Limit-Requests-Quota said",
                ("store",),
                registry=registry,
            ),
            quota_wait_seconds=Counter(
                "storebridge_bigcommerce_quota_wait_seconds",
                "Time callers spent waiting for the store's quota before sending",
                ("store",),
                registry=registry,
            ),
            retries=Counter(
                "storebridge_bigcommerce_retries",
                "Requests sent again, by reason (rate_limited, a status, a transport error)",
                ("store", "reason"),
                registry=registry,
            ),
            failed_calls=Counter(
                "storebridge_bigcommerce_failed_calls",
                "Calls that raised to their caller once retries were spent, by HTTP status "
                "(error: no answer); status 429 means a rate limit reached the caller",
                ("store", "status"),
                registry=registry,
            ),
        )

    def answered(self, store: str, method: str, status: int, headers: QuotaHeaders) -> None:
        """One request answered: count it and record the quota its headers report."""
        self.calls.labels(store=store, method=method, status=str(status)).inc()
        if status == 429:
            self.rate_limited.labels(store=store).inc()
        if headers.left is not None:
            self.quota_remaining.labels(store=store).set(headers.left)
        if headers.quota is not None:
            self.quota.labels(store=store).set(headers.quota)

    def unanswered(self, store: str, method: str) -> None:
        """One request that got no HTTP answer."""
        self.calls.labels(store=store, method=method, status=TRANSPORT_ERROR).inc()

    def waited(self, store: str, seconds: float) -> None:
        """Time one request waited for the quota."""
        if seconds > 0:
            self.quota_wait_seconds.labels(store=store).inc(seconds)

    def retried(self, store: str, reason: str) -> None:
        """One request about to be sent again."""
        self.retries.labels(store=store, reason=reason).inc()

    def failed(self, store: str, status: int | None) -> None:
        """One call that raised to its caller (None: no answer)."""
        label = TRANSPORT_ERROR if status is None else str(status)
        self.failed_calls.labels(store=store, status=label).inc()
