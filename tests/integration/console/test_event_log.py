"""The event log page over HTTP on real MongoDB (or the stand-in) and RabbitMQ: search by id and
by store, scope and window; "replay this window" counts first, then publishes what it counted."""

from __future__ import annotations

import html
import re
from collections import Counter
from datetime import timedelta

import pytest

from storebridge_console.event_models import SHOWN_EVENTS
from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.events.listing import EventRow, after_rows
from storebridge_shared.store.client import make_client
from storebridge_shared.store.event_log import EventLog
from storebridge_shared.store.event_maintenance import EventMaintenance
from tests.integration.janitor.conftest import envelope
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration


@pytest.fixture
async def stored(mongodb_uri, database_name):
    """Two product events and an order event of the last hour, and a product event of last week."""
    events = [
        envelope(scope="store/product/updated", resource_id="77", age=timedelta(minutes=30)),
        envelope(scope="store/product/created", resource_id="78", age=timedelta(minutes=20)),
        envelope(scope="store/order/created", resource_id="100", age=timedelta(minutes=10)),
        envelope(scope="store/product/updated", resource_id="79", age=timedelta(days=7)),
    ]
    client = make_client(mongodb_uri)
    try:
        log = EventLog(client[database_name])
        for event in events:
            await log.record(event)
        await log.close()
    finally:
        await client.close()
    return events


async def test_given_stored_events_then_a_search_lists_the_windows_matching_scopes_oldest_first(
    console, stored
):
    window = {"store": "abc123", "scope": "store/product/*", "since": "24h"}
    page = (await console.http.get("/events", params=window)).text

    assert "2 event(s)." in page
    assert page.index(stored[0].event_id) < page.index(stored[1].event_id)
    assert stored[2].event_id not in page and stored[3].event_id not in page
    assert "<td>product 77</td>" in page

    opened = await console.http.get("/events", params={"event_id": stored[2].event_id})
    assert opened.headers["location"] == f"/events/{stored[2].event_id}"
    detail = (await console.http.get(opened.headers["location"])).text
    assert '<td class="state">received</td>' in detail and "store/order/created" in detail
    assert (await console.http.get("/events/nope")).status_code == 404


async def test_given_a_channel_assignment_event_then_a_search_of_every_scope_or_of_channels_lists_it(
    console, mongodb_uri, database_name
):
    assigned = envelope(scope="store/channel/7/product/assigned", age=timedelta(minutes=5))
    client = make_client(mongodb_uri)
    try:
        log = EventLog(client[database_name])
        await log.record(assigned)
        await log.close()
    finally:
        await client.close()

    for scope in ("*", "store/channel/*", "store/channel/7/product/*"):
        window = {"store": "abc123", "scope": scope, "since": "24h"}
        page = (await console.http.get("/events", params=window)).text
        assert assigned.event_id in page, scope
    products = {"store": "abc123", "scope": "store/product/*", "since": "24h"}
    assert assigned.event_id not in (await console.http.get("/events", params=products)).text
    preview = (await console.http.get("/events/replay", params=products | {"scope": "*"})).text
    assert "store/channel/7/product/assigned" in preview


@pytest.mark.parametrize(
    ("asked", "said"),
    [
        ({"scope": "store/prodcut/*"}, "matches no webhook scope"),
        ({"since": "yesterday"}, "not a time"),
        ({"since": "1h", "until": "2h"}, "empty window"),
    ],
)
async def test_given_a_wrong_window_then_400_saying_why(console, asked, said):
    answer = await console.http.get("/events", params={"store": "abc123"} | asked)
    assert answer.status_code == 400 and said in answer.text


async def test_given_a_window_when_replayed_then_the_dry_run_counts_and_the_replay_publishes_them(
    console, stored, amqp_channel, declared_topology
):
    window = {"store": "abc123", "scope": "store/product/*", "since": "24h"}
    preview = (await console.http.get("/events/replay", params=window)).text
    assert "Replay 2 event(s) of abc123?" in preview
    assert '<td>store/product/created</td><td class="num">1</td>' in preview
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', preview))
    assert fields["until"] and fields["since"] != "24h"  # the counted window, in absolute times
    assert (await console.http.post("/events/replay", data=window)).status_code == 403

    await console.until_broker()
    done = await console.http.post("/events/replay", data=fields)
    assert done.status_code == 303 and done.headers["location"].endswith("&replayed=2")
    queue = declared_topology.queues("catalog-sync").main

    async def two_waiting() -> bool:
        declared = await amqp_channel.declare_queue(queue, passive=True)
        return declared.declaration_result.message_count == 2

    await wait_until(two_waiting)
    assert (
        "Replay done: 2 event(s) published again."
        in (await console.http.get(done.headers["location"])).text
    )


async def given_events_four_in_one_millisecond(db) -> list[EventEnvelope]:
    """Products and orders over the last hour (resource ids 1, 2, ...), four at one time."""
    ages = [timedelta(minutes=m) for m in (50, 40, 40, 40, 40, 30, 20, 10)]
    events = [
        envelope(
            scope="store/order/created" if i % 3 else "store/product/updated",
            resource_id=str(i + 1),
            age=age,
        )
        for i, age in enumerate(ages)
    ]
    log = EventLog(db)
    for event in events:
        await log.record(event)
    await log.close()
    return events


async def test_given_a_window_read_a_page_at_a_time_then_every_event_comes_once_in_order(db):
    events = await given_events_four_in_one_millisecond(db)
    maintenance = EventMaintenance(db)
    since = events[0].received_at - timedelta(minutes=1)

    for page in (1, 2, 3, 500):
        found = [e.event_id async for e in maintenance.window("abc123", since, None, page=page)]
        assert sorted(found) == sorted(e.event_id for e in events), page
        times = [next(e for e in events if e.event_id == i).received_at for i in found]
        assert times == sorted(times), page
    products = ["store/product/updated"]
    only = [e.event_id async for e in maintenance.window("abc123", since, None, products, page=2)]
    assert sorted(only) == sorted(e.event_id for e in events if e.scope in products)
    until = events[-1].received_at
    before_last = [e async for e in maintenance.window("abc123", since, until, page=2)]
    assert len(before_last) == len(events) - 1


async def test_given_a_window_when_searched_then_the_first_matching_rows_come_oldest_first(db):
    events = await given_events_four_in_one_millisecond(db)
    maintenance = EventMaintenance(db)
    since = events[0].received_at - timedelta(minutes=1)
    orders = [e for e in events if e.scope == "store/order/created"]

    for wanted in (1, 3, 5, 20):
        rows = await maintenance.search("abc123", since, None, ["store/order/created"], wanted)
        times = [r.received_at for r in rows]
        assert times == sorted(e.received_at for e in orders)[:wanted], wanted
        assert len({r.event_id for r in rows}) == len(rows)
        assert {r.event_id for r in rows} <= {e.event_id for e in orders}
    everything = await maintenance.search("abc123", since, None, None, 20)
    assert sorted(r.event_id for r in everything) == sorted(e.event_id for e in events)
    first = next(r for r in everything if r.event_id == events[0].event_id)
    assert (first.scope, first.resource_type, first.resource_id) == (
        "store/product/updated",
        "product",
        "1",
    )
    assert first.received_at == events[0].received_at


async def test_given_a_window_searched_a_page_after_another_then_every_event_comes_once_in_order(
    db,
):
    events = await given_events_four_in_one_millisecond(db)
    maintenance = EventMaintenance(db)
    since = events[0].received_at - timedelta(minutes=1)

    for wanted in (1, 2, 3):
        seen: list[EventRow] = []
        after = None
        while page := await maintenance.search("abc123", since, None, None, wanted, after):
            seen += page
            after = after_rows(page, after)
        assert sorted(r.event_id for r in seen) == sorted(e.event_id for e in events), wanted
        assert [r.received_at for r in seen] == sorted(e.received_at for e in events), wanted


async def test_given_more_events_than_a_page_then_the_next_link_shows_the_rest(console, db):
    log = EventLog(db)
    events = [
        envelope(resource_id=str(i), age=timedelta(minutes=SHOWN_EVENTS + 10 - i))
        for i in range(SHOWN_EVENTS + 5)
    ]
    for event in events:
        await log.record(event)
    await log.close()

    first = (await console.http.get("/events", params={"store": "abc123"})).text
    assert f"{SHOWN_EVENTS} event(s), {SHOWN_EVENTS} a page: more in the window." in first
    links = re.findall(r'<a href="/events\?([^"]+)" rel="next">', first)
    assert len(links) == 1
    following = (await console.http.get(f"/events?{html.unescape(links[0])}")).text

    assert "5 event(s) after" in following and 'rel="next"' not in following
    shown = re.findall(r'<a href="/events/([0-9a-f]+)">', first + following)
    assert shown == [e.event_id for e in events]


async def test_given_a_window_when_counted_then_each_scope_has_what_the_window_yields(db):
    events = await given_events_four_in_one_millisecond(db)
    maintenance = EventMaintenance(db)
    since, until = events[0].received_at, events[-1].received_at
    both = ["store/order/created", "store/product/updated"]

    for scopes in (both, both[1:]):
        counted = await maintenance.count_window("abc123", since, until, scopes)
        yielded = Counter(
            [e.scope async for e in maintenance.window("abc123", since, until, scopes)]
        )
        assert counted == yielded and sum(counted.values()) > 0, scopes
    assert await maintenance.count_window("other1", since, None, both) == Counter()
