"""Sync lag: how long after A's change each destination held it (pure, but for the context).

A's change time is the product's `date_modified` as read for the sync, else the `created_at` of
the webhook being handled (a deletion, a category: `during_event` sets it around the handler).
Only destinations the sync wrote to count: one already holding the change says nothing about
when it came to hold it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from storebridge_catalog_sync.outcomes import Status, SyncOutcome

WRITTEN = frozenset({Status.CREATED, Status.UPDATED, Status.DELETED, Status.DISABLED})

_webhook_at: ContextVar[datetime | None] = ContextVar("webhook_created_at", default=None)


@dataclass(frozen=True)
class Lag:
    """One destination's lag behind A, and where A's change time came from."""

    destination: str
    seconds: float
    since: str
    """`date_modified` or `webhook`."""


@contextlib.contextmanager
def during_event(created_at: datetime) -> Iterator[None]:
    """Syncs run inside the block measure from `created_at` when A's own time is unknown."""
    token = _webhook_at.set(created_at)
    try:
        yield
    finally:
        _webhook_at.reset(token)


def sync_lags(outcome: SyncOutcome, now: datetime) -> list[Lag]:
    """The lag of every destination the sync wrote to; none when A's change time is unknown."""
    changed, since = _parse(outcome.changed_at), "date_modified"
    if changed is None:
        changed, since = _webhook_at.get(), "webhook"
    if changed is None:
        return []
    seconds = max(0.0, (now - changed).total_seconds())
    return [Lag(r.destination, seconds, since) for r in outcome.results if r.status in WRITTEN]


def _parse(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
