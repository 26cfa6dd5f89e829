"""Collection names and their indexes: the one list, created at start-up by `ensure_indexes`."""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase

EVENTS = "events"
"""The event log: one document per received BigCommerce event."""

LEASES = "leases"
"""Named leases (one holder at a time, e.g. the janitor): owner and expiry in epoch ms."""

LINKS = "catalog_links"
"""Catalog id links: (source store, destination store, kind, source id) -> destination id."""

SYNC_STATE = "catalog_sync_state"
"""Catalog coalescing and leases: one document per (source store, kind, id)."""

RUNS = "sync_runs"
"""The activity register: one document per sync run (a backfill, or an hour of event syncs)."""

RESOURCE_STATUS = "sync_status"
"""The last sync outcome per (resource, destination), found by SKU or source id."""

RECONCILE = "catalog_reconcile"
"""The catalog reconcile pass per source store: watermark, digests, the pass under way."""

RECONCILE_PRODUCTS = "catalog_reconcile_products"
"""The full compare's digests of each source product in A and in each destination."""

BACKFILLS = "backfills"
"""The current backfill per destination and its state (running / finished)."""

BACKFILL_CHECKPOINTS = "backfill_checkpoints"
"""Finished phases and items of a backfill, so a restart does not redo them."""

ORDERS = "orders"
"""Replicated orders: one document per (store hash, order id), with its replication state."""

ORDER_CLAIMS = "order_claims"
"""Per-order leases: one document per order being worked on (unique `_id`), owner and expiry."""

ORDER_STATUS_UPDATES = "order_status_updates"
"""One reservation per order for its single status update (unique `_id`: store hash + order id)."""

ORDER_DEAD_LETTERS = "order_dead_letters"
"""Orders whose message was dead-lettered (unique `_id`), skipped by the poll until requeued."""

ORDER_POLLS = "order_polls"
"""Order poll runs (when, found, new, errors) and, per store, the poll watermark."""

MAINTENANCE = "maintenance"
"""Where periodic maintenance resumes: `{_id: "purge", state: {resume_id, legacy_done}}`."""

HOOK_NOTICES = "hook_notices"
"""`store/hook/deliveryException` notices already alerted: one per (store, hook id, error code)."""

LOGIN_FAILURES = "console_login_failures"
"""Failed console logins: one document per failure (client address, time), removed by TTL."""

LOGIN_FAILURE_TTL_SECS = 3600
"""How long a failed login is kept (longer than any throttle window: the TTL only cleans up)."""

INDEXES: dict[str, list[IndexModel]] = {
    ORDERS: [
        IndexModel(
            [("store_hash", ASCENDING), ("order_id", ASCENDING)], unique=True, name="store_order"
        ),
        IndexModel([("state", ASCENDING)], name="by_state"),
        IndexModel([("first_seen_ms", DESCENDING)], name="first_seen_latest_first"),
    ],
    ORDER_POLLS: [
        IndexModel([("kind", ASCENDING), ("started_ms", DESCENDING)], name="kind_latest_first"),
    ],
    EVENTS: [
        IndexModel(
            [("store_hash", ASCENDING), ("bc_hash", ASCENDING)],
            unique=True,
            name="dedup_store_hash",
        ),
        IndexModel([("status", ASCENDING), ("received_at", ASCENDING)], name="by_status_age"),
        IndexModel([("store_hash", ASCENDING), ("received_ms", ASCENDING)], name="store_window"),
        IndexModel([("subject", ASCENDING), ("received_at", DESCENDING)], name="by_subject"),
    ],
    LINKS: [
        IndexModel(
            [
                ("source", ASCENDING),
                ("destination", ASCENDING),
                ("kind", ASCENDING),
                ("destination_id", ASCENDING),
            ],
            name="by_destination_id",
        ),
        IndexModel(
            [("source", ASCENDING), ("kind", ASCENDING), ("source_id", ASCENDING)],
            name="by_source_id",
        ),
    ],
    SYNC_STATE: [
        IndexModel([("state", ASCENDING), ("lease_until", ASCENDING)], name="pending_expired"),
    ],
    RUNS: [
        IndexModel([("started_ms", DESCENDING)], name="latest_first"),
        IndexModel(
            [("destination", ASCENDING), ("started_ms", DESCENDING)],
            name="destination_latest_first",
        ),
    ],
    RESOURCE_STATUS: [
        IndexModel([("resource_type", ASCENDING), ("source_id", ASCENDING)], name="by_source_id"),
        IndexModel([("run_id", ASCENDING)], name="by_run"),
        IndexModel([("skus", ASCENDING)], name="by_sku"),
    ],
    LOGIN_FAILURES: [
        IndexModel([("client", ASCENDING), ("at_ms", DESCENDING)], name="client_latest_first"),
        IndexModel([("at", ASCENDING)], expireAfterSeconds=LOGIN_FAILURE_TTL_SECS, name="expire"),
    ],
    RECONCILE_PRODUCTS: [IndexModel([("source", ASCENDING)], name="by_source")],
    BACKFILL_CHECKPOINTS: [
        IndexModel([("backfill_id", ASCENDING), ("kind", ASCENDING)], name="by_backfill_kind"),
    ],
}


async def ensure_indexes(db: AsyncDatabase[dict[str, Any]]) -> None:
    """Create every declared index (idempotent)."""
    for name, indexes in INDEXES.items():
        await db[name].create_indexes(indexes)
