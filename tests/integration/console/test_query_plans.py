"""Every query the console sends is on an index: each page and action is rendered against real
MongoDB (or the stand-in) holding some of everything, the queries it sent are recorded, and
each is checked against the declared indexes by its shape and by the server's `explain`.

On MongoDB the explain is the authority (no `COLLSCAN` in the winning plan). The nx-27017
stand-in explains only a `find`'s filter, as SQLite plans it; where it cannot say (no filter: a
sort or distinct alone) or plans a scan that MongoDB would not (`STAND_IN_SCANS`, each with its
reason, docs/mongodb-stand-in.md), the declared-index check alone stands.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from storebridge_catalog_sync.outcomes import DestinationResult, Status, SyncOutcome
from storebridge_catalog_sync.register import record_outcome
from storebridge_shared.store.event_log import EventLog
from tests.integration.console.conftest import STORE_A, STORE_B
from tests.integration.console.test_orders import given_orders_and_polls
from tests.integration.janitor.conftest import envelope
from tests.support.console import RunningConsole
from tests.support.query_plans import Query, declared_index, explained, recording

pytestmark = pytest.mark.integration

STAND_IN_SCANS = {
    ("sync_status", "skus"): "an array field: the stand-in plans `$in` on it as a scan of every "
    "document's array (implicit equality on an indexed array finds nothing there)",
}
"""(collection, first filter field) the stand-in scans although MongoDB uses the index."""


async def given_some_of_everything(db) -> str:
    log = EventLog(db)
    first = envelope(scope="store/product/updated", resource_id="5")
    for event in (first, envelope(), envelope(age=timedelta(hours=1))):
        await log.record(event)
    await log.close()
    product = DestinationResult("B", Status.CREATED, destination_id=7005)
    await record_outcome(db, SyncOutcome("product", 5, (product,), source_calls=1, sku="S-5"))
    category = DestinationResult("B", Status.UPDATED, destination_id=7010)
    await record_outcome(db, SyncOutcome("category", 10, (category,), source_calls=1))
    await db.catalog_links.insert_one(
        {"_id": f"{STORE_A}:{STORE_B}:product:5", "source": STORE_A, "destination": STORE_B}
        | {"kind": "product", "source_id": 5, "destination_id": 7005, "key": "S-5"}
    )
    await given_orders_and_polls(db)
    return first.event_id


async def pages(console: RunningConsole, event_id: str) -> None:
    assert (await console.log_in("not the password at all")).status_code == 401
    assert (await console.log_in()).status_code == 303
    runs = (await console.http.get("/runs")).text
    run_id = runs.split('href="/runs/', 1)[1].split('"', 1)[0]
    window = {"store": STORE_A, "scope": "store/product/*,store/order/*", "since": "7d"}
    for path, params in [
        ("/", {}),
        ("/runs", {}),
        (f"/runs/{run_id.replace('%3A', ':')}", {}),
        ("/resource", {"sku": "S-5"}),
        ("/resource", {"product": "5"}),
        ("/resource", {"category": "10"}),
        ("/orders", {}),
        ("/resource", {"store": STORE_A, "order": "101"}),
        ("/events", window),
        ("/events", {"store": STORE_A, "since": "7d"}),
        ("/events", {"store": STORE_A, "scope": "store/product/updated", "since": "7d"}),
        (f"/events/{event_id}", {}),
        ("/events/replay", window),
        ("/dead-letters", {}),
    ]:
        answer = await console.http.get(path, params=params)
        assert answer.status_code == 200, (path, answer.text[:300])


async def test_given_every_page_then_each_console_query_is_on_an_index(console_factory, db):
    event_id = await given_some_of_everything(db)
    async with console_factory() as console:
        with recording() as queries:
            await pages(console, event_id)

    collections = {query.collection for query in queries}
    assert {"events", "sync_runs", "sync_status", "catalog_links", "orders"} <= collections
    assert "order_dead_letters" in collections  # the order lookup's dead-letter mark
    assert "console_login_failures" in collections
    unserved = [str(q) for q in queries if declared_index(q) is None]
    assert unserved == [], "queries no declared index serves"
    for query in queries:
        plan = await explained(db, query)
        if plan.backend == "mongodb":
            assert plan.on_index, f"{query}: {plan.detail}"
        elif not plan.on_index:
            assert stand_in_cannot_say(query), f"{query}: the stand-in scans ({plan.detail})"


def stand_in_cannot_say(query: Query) -> bool:
    """No filter to explain there, or a known scan of the stand-in's (STAND_IN_SCANS)."""
    fields = [name for name in query.filter if not name.startswith("$")]
    return not fields or (query.collection, fields[0]) in STAND_IN_SCANS
