"""Collection names and their indexes: the one list, created at start-up by `ensure_indexes`."""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase

EVENTS = "events"
"""The event log: one document per received BigCommerce event."""

LEDGER = "processed"
"""Processed keys per consumer: (consumer, event id), never a bare resource id."""

LEASES = "leases"
"""Named leases (one holder at a time, e.g. the janitor): owner and expiry in epoch ms."""

INDEXES: dict[str, list[IndexModel]] = {
    EVENTS: [
        IndexModel(
            [("store_hash", ASCENDING), ("bc_hash", ASCENDING)],
            unique=True,
            name="dedup_store_hash",
        ),
        IndexModel([("status", ASCENDING), ("received_at", ASCENDING)], name="by_status_age"),
        IndexModel(
            [("store_hash", ASCENDING), ("scope", ASCENDING), ("received_at", ASCENDING)],
            name="replay_window",
        ),
    ],
    LEDGER: [
        IndexModel(
            [("consumer", ASCENDING), ("event_id", ASCENDING)], unique=True, name="consumer_event"
        ),
    ],
}


async def ensure_indexes(db: AsyncDatabase[dict[str, Any]]) -> None:
    """Create every declared index (idempotent)."""
    for name, indexes in INDEXES.items():
        await db[name].create_indexes(indexes)
