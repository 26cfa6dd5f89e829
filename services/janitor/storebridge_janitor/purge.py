"""Delete processed events past retention in bounded batches, pausing between them.

Each batch is a bounded find of ids plus one `delete_many` by id, so the event log is never held
by one long delete and the ingress's inserts keep flowing. The lease is renewed between batches;
losing it stops the purge at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Protocol

import structlog

log = structlog.get_logger(__name__)


class PurgeStore(Protocol):
    """The part of the event log a purge needs."""

    async def processed_ids(self, received_before: datetime, limit: int) -> list[str]:
        """Ids of processed events received before the cut-off."""

    async def delete(self, event_ids: list[str]) -> int:
        """Delete them; return how many went."""


async def purge_processed(
    store: PurgeStore,
    *,
    received_before: datetime,
    batch_size: int,
    pause_secs: float,
    keep_going: Callable[[], Awaitable[bool]],
) -> int:
    """Delete processed events received before `received_before`; return how many went."""
    deleted = 0
    batches = 0
    while True:
        ids = await store.processed_ids(received_before, batch_size)
        if not ids:
            break
        deleted += await store.delete(ids)
        batches += 1
        if len(ids) < batch_size:
            break
        if not await keep_going():
            log.warning("purge_interrupted", deleted=deleted, reason="lease lost")
            break
        await asyncio.sleep(pause_secs)
    log.info("purged", deleted=deleted, batches=batches, cutoff=received_before.isoformat())
    return deleted
