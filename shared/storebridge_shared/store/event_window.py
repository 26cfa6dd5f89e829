"""One store's events of a time window, read on the `store_window` index a page at a time.

A page is `{store_hash: {$eq}, received_ms: {$gte, $lt}}` sorted on `received_ms`, limited and
asked in one batch (one round trip): the stand-in runs that filter, sort and limit in SQL
(docs/mongodb-stand-in.md), MongoDB walks the index. The next page starts at the last page's
last millisecond, skipping the ids already read there (keyset, never a skip or a count), so a
reader that stops early reads a few pages whatever the window's size. The replay reads whole
envelopes 500 at a time; the console's search reads only the fields it lists (`EventRow`), in
pages sized to what it still needs (`events.listing.next_page_size`), so a page of 50 rows
costs one or two queries of about as many events.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable, Collection, Mapping
from datetime import datetime
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection

from storebridge_shared.events.listing import After, EventRow
from storebridge_shared.events.replay import ScopeSelection
from storebridge_shared.store.event_log import epoch_ms
from storebridge_shared.store.forms import equals

ENVELOPES = {"received_ms": 1, "scope": 1, "envelope": 1}
ROWS = {
    "received_ms": 1,
    "received_at": 1,
    "scope": 1,
    "envelope.resource_type": 1,
    "envelope.resource_id": 1,
}
"""What the search lists of an event: its id, scope, resource and receipt time."""

Events = AsyncCollection[dict[str, Any]]


def _envelope_field(document: Mapping[str, Any], name: str) -> str:
    """A projected envelope field: nested (MongoDB) or under its dotted key (the stand-in)."""
    envelope = document.get("envelope")
    if isinstance(envelope, Mapping) and name in envelope:
        return str(envelope[name])
    return str(document.get(f"envelope.{name}", ""))


def event_row(document: Mapping[str, Any]) -> EventRow:
    """An event document projected on `ROWS`."""
    return EventRow(
        event_id=str(document["_id"]),
        scope=str(document["scope"]),
        resource_type=_envelope_field(document, "resource_type"),
        resource_id=_envelope_field(document, "resource_id"),
        received_at=document["received_at"],
        received_ms=int(document["received_ms"]),
    )


def window_filter(store_hash: str, low: int, high: int | None) -> dict[str, Any]:
    """The store's events received in [low, high) ms (open-ended without `high`)."""
    received: dict[str, int] = {"$gte": low}
    if high is not None:
        received["$lt"] = high
    return {"store_hash": equals(store_hash), "received_ms": received}


async def scope_counts(
    events: Events, store_hash: str, since: datetime, until: datetime | None
) -> dict[str, int]:
    """How many of the store's events received in [since, until) each scope has: one
    aggregate, `$match` on `store_window` then `$group` by scope (an integer range: the
    stand-in's `$match` is unreliable on dates only), no event read into the console."""
    match = window_filter(store_hash, epoch_ms(since), None if until is None else epoch_ms(until))
    pipeline = [{"$match": match}, {"$group": {"_id": "$scope", "events": {"$sum": 1}}}]
    cursor = await events.aggregate(pipeline)
    return {str(group["_id"]): int(group["events"]) async for group in cursor}


async def _page(
    events: Events, query: Mapping[str, Any], fields: Mapping[str, int], size: int
) -> list[dict[str, Any]]:
    cursor = (
        events.find(dict(query), dict(fields)).sort("received_ms", 1).limit(size).batch_size(size)
    )
    return [document async for document in cursor]


def only_scope(scopes: Collection[str] | None) -> str | None:
    """The one scope of `scopes`, which the query can filter on (None for none or several:
    `$in` would take the sort and limit out of the stand-in's SQL; None too when the selection
    also takes channel assignment scopes, which no one value names)."""
    if isinstance(scopes, ScopeSelection) and scopes.open_ended:
        return None
    return next(iter(scopes)) if scopes is not None and len(scopes) == 1 else None


async def window_documents(
    events: Events,
    store_hash: str,
    since: datetime,
    until: datetime | None,
    fields: Mapping[str, int],
    page_size: Callable[[], int],
    after: After | None = None,
    scope: str | None = None,
) -> AsyncGenerator[dict[str, Any], None]:
    """The store's event documents received in [since, until), oldest first (only those
    `after` when given; only those of `scope` when given, a filter the stand-in runs in SQL
    with the rest), projected on `fields`; each page as large as `page_size()` says when it is
    asked."""
    low, high = epoch_ms(since), None if until is None else epoch_ms(until)
    of_scope = {} if scope is None else {"scope": equals(scope)}
    done_at_low: set[str] = set()  # ids received at `low` already yielded
    if after is not None and after.received_ms >= low:
        low, done_at_low = after.received_ms, set(after.ids)
    while True:
        size = page_size()
        query = window_filter(store_hash, low, high) | of_scope
        documents = await _page(events, query, fields, size)
        fresh = [d for d in documents if d["_id"] not in done_at_low]
        for document in fresh:
            yield document
        if len(documents) < size:
            return
        last = documents[-1]["received_ms"]
        if last == low and not fresh:  # more than a page in one millisecond: take it whole
            whole = {"store_hash": equals(store_hash), "received_ms": equals(low)} | of_scope
            async for document in events.find(whole, dict(fields)):
                if document["_id"] not in done_at_low:
                    yield document
            low, done_at_low = low + 1, set()
            continue
        at_last = {d["_id"] for d in documents if d["received_ms"] == last}
        done_at_low = at_last | done_at_low if last == low else at_last
        low = last
