"""The Orders page over HTTP against real MongoDB (or the stand-in): orders by state, the
latest orders with our state and BigCommerce's status as last read, poll runs and each store's
last poll, written by the order replicator's own store; and the resource page's order lookup."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from storebridge_order_replicator.store.dead_orders import DeadOrders
from storebridge_order_replicator.store.orders import OrderStore
from storebridge_shared.events.envelope import EventEnvelope, new_event_id
from storebridge_shared.store.event_log import EventLog
from storebridge_shared.store.orders import OrderReads
from storebridge_shared.store.poll_runs import PollRun, PollRuns
from tests.integration.console.conftest import STORE_A

pytestmark = pytest.mark.integration

T0 = 1_700_000_000_000
EMAIL = "buyer-console@example.com"


def clock_at(times: list[int]):
    return lambda: times[0]


async def replicated(store: OrderStore, order_id: int) -> None:
    assert (await store.claim(STORE_A, order_id, "t", 60_000)).outcome == "claimed"
    order = {"id": order_id, "status_id": 11, "billing_address": {"email": EMAIL}}
    assert await store.store(STORE_A, order_id, "t", order, target=2)
    fields = {"status_id": 2, "status": "Shipped"}
    assert await store.mark_moved(
        STORE_A, order_id, "t", before=11, after=2, action="moved", order_fields=fields
    )
    assert await store.mark_replicated(STORE_A, order_id, "t")


async def given_orders_and_polls(db) -> None:
    now = [T0]
    store = OrderStore(db, clock=lambda: now[0])
    await replicated(store, 101)
    now[0] = T0 + 1_000
    await store.claim(STORE_A, 102, "t", 60_000)
    await store.mark_waiting(STORE_A, 102, "t", 1)
    now[0] = T0 + 2_000
    await store.claim(STORE_A, 103, "t", 60_000)
    await store.release(STORE_A, 103, "t", "503 from store B")
    runs = PollRuns(db)
    await runs.record(PollRun("p1", STORE_A, T0, T0 + 2_500, T0 - 60_000, found=3, new=2))
    await runs.record(
        PollRun("p2", STORE_A, T0 + 60_000, T0 + 61_000, T0, errors=["429 Too Many Requests"])
    )


async def test_given_orders_in_three_states_then_the_shared_reads_count_and_list_them_newest_first(
    db,
):
    await given_orders_and_polls(db)
    reads = OrderReads(db)

    counts = await reads.count_by_state()
    rows = await reads.recent(2)

    assert counts == {"new": 1, "waiting": 1, "stored": 0, "moved": 0, "replicated": 1}
    assert [row.order_id for row in rows] == [103, 102]
    newest, waiting = rows
    assert (newest.state, newest.failures, newest.last_error) == ("new", 1, "503 from store B")
    assert (waiting.state, waiting.bc_status_id) == ("waiting", 1)
    [oldest] = [row for row in await reads.recent(20) if row.order_id == 101]
    assert (oldest.bc_status_id, oldest.bc_status, oldest.target_status_id) == (2, "Shipped", 2)
    assert oldest.status_action == "moved"


async def test_given_orders_and_polls_then_the_orders_page_shows_states_orders_and_poll_runs(
    console, db
):
    await given_orders_and_polls(db)

    answer = await console.http.get("/orders")
    page = answer.text

    assert answer.status_code == 200
    counts = re.search(r'id="order-states">.*?<tbody>(.*?)</tbody>', page, re.S)
    assert counts, page
    assert re.findall(r'<td class="num">(\d+)</td>', counts[1]) == ["1", "1", "0", "0", "1"]
    orders = re.search(r'id="recent-orders">(.*?)</section>', page, re.S)
    assert orders, page
    ids = re.findall(r'<td>abc123</td><td class="num"><a href="([^"]+)">(\d+)</a></td>', orders[1])
    assert [number for _, number in ids] == ["103", "102", "101"]
    assert ids[0][0] == "/resource?store=abc123&amp;order=103"  # each opens its lookup
    assert re.search(r"<td>replicated</td>\s*<td>2 Shipped</td>", orders[1])
    assert "503 from store B" in orders[1]
    assert EMAIL not in page  # the stored copy's PII is never read
    polls = re.search(r'id="poll-runs">(.*?)</section>', page, re.S)
    assert polls, page
    assert polls[1].index("429 Too Many Requests") < polls[1].index('<td class="num">3</td>')
    last = re.search(r'id="last-polls">(.*?)</section>', page, re.S)
    assert last, page
    assert "2023-11-14" in last[1] and "never" in last[1]  # B never polled


async def test_given_nothing_replicated_then_the_orders_page_says_so(console):
    page = (await console.http.get("/orders")).text

    assert "No order seen yet." in page and "No poll yet." in page


def order_event(scope: str, payload: dict[str, object], minute: int) -> EventEnvelope:
    at = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=60 - minute)
    return EventEnvelope(
        event_id=new_event_id(at),
        store_hash=STORE_A,
        scope=scope,
        resource_type=scope.split("/")[1],
        resource_id=str(payload["id"]),
        bc_hash=f"h-{scope}-{minute}",
        created_at=at,
        received_at=at,
        payload=payload,
    )


async def given_orders_with_events(db) -> list[EventEnvelope]:
    """Orders 101 (replicated), 102 (waiting), 103 (failing), 104 (dead-lettered) and the events
    of 101: the converted cart that made it and its order events; one event of order 102."""
    await given_orders_and_polls(db)
    store = OrderStore(db)
    await store.claim(STORE_A, 104, "t", 60_000)
    await store.release(STORE_A, 104, "t", "422 from store A: order is invalid")
    await DeadOrders(db).remember(STORE_A, 104, "dead-104", "422 from store A: order is invalid")
    events = [
        order_event("store/cart/converted", {"type": "cart", "id": "c-9f2", "orderId": 101}, 1),
        order_event("store/order/created", {"type": "order", "id": 101}, 2),
        order_event("store/order/statusUpdated", {"type": "order", "id": 101}, 3),
        order_event("store/order/created", {"type": "order", "id": 102}, 4),
    ]
    log = EventLog(db)
    for event in events:
        await log.record(event)
    await log.close()
    return events


async def test_given_a_replicated_order_then_the_shared_read_gives_its_steps_and_no_dead_letter(
    db,
):
    await given_orders_with_events(db)
    reads = OrderReads(db)

    replicated_order = await reads.get(STORE_A, 101)
    dead = await reads.get(STORE_A, 104)

    assert replicated_order is not None and replicated_order.dead is None
    assert (replicated_order.row.state, replicated_order.row.bc_status_id) == ("replicated", 2)
    assert (replicated_order.status_before, replicated_order.status_after) == (11, 2)
    steps = replicated_order.steps
    assert steps.stored_at is not None and steps.moved_at is not None
    assert steps.announced_at is not None and steps.seen_at is None
    assert dead is not None and dead.dead is not None
    assert dead.dead.event_ids == ("dead-104",) and "order is invalid" in dead.dead.reason
    assert await reads.get(STORE_A, 999) is None
    assert await reads.get("other", 101) is None


async def test_given_stored_orders_then_the_resource_page_looks_one_up_with_its_events(console, db):
    events = await given_orders_with_events(db)

    page = (await console.http.get("/resource", params={"store": STORE_A, "order": "101"})).text

    section = re.search(r'<section id="order">(.*)</section>', page, re.S)
    assert section, page
    shown = section[1]
    assert "<h2>Order 101 of store abc123</h2>" in shown
    assert "<th>state</th><td>replicated</td>" in shown
    assert "<th>BigCommerce status</th><td>2 Shipped</td>" in shown
    assert "<th>status step</th><td>moved (11 -&gt; 2)</td>" in shown
    assert re.search(r"<th>stored</th><td>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC</td>", shown)
    assert re.search(r"<th>status moved</th><td>\d{4}-", shown)
    touching = re.search(r'<section id="order-events">(.*?)</section>', shown, re.S)
    assert touching, shown
    listed = re.findall(r'<a href="/events/([^"]+)">', touching[1])
    assert listed == [events[2].event_id, events[1].event_id, events[0].event_id]  # newest first
    assert "store/cart/converted" in touching[1]
    assert EMAIL not in page  # the copy's PII is never read
    assert f"/resource/resync?kind=order&amp;id=101&amp;store={STORE_A}" in page


async def test_given_a_stored_order_when_refreshed_from_the_console_then_an_order_updated_event_of_its_store_is_recorded_and_queued_for_the_replicator(
    console, db, amqp_channel, declared_topology
):
    await given_orders_with_events(db)
    await console.until_broker()
    ask = f"/resource/resync?kind=order&id=101&store={STORE_A}"

    confirm = (await console.http.get(ask)).text
    token = await console.csrf(ask)
    form = {"kind": "order", "id": "101", "store": STORE_A, "csrf_token": token}
    done = await console.http.post("/resource/resync", data=form)

    assert "Resync order 101?" in confirm and "never starts a replication" in confirm
    assert done.status_code == 303
    location = done.headers["location"]
    assert location.startswith(f"/resource?store={STORE_A}&order=101&resync=")
    event_id = re.search(r"resync=([0-9a-f]+)&published=1", location)[1]
    stored = await db.events.find_one({"_id": event_id})
    assert (stored["scope"], stored["store_hash"]) == ("store/order/updated", STORE_A)
    assert stored["envelope"]["resource_id"] == "101"
    queue = declared_topology.queues("order-replicator").main
    declared = await amqp_channel.declare_queue(queue, passive=True)
    assert declared.declaration_result.message_count == 1
    assert "Resync requested: event" in (await console.http.get(location)).text


@pytest.mark.parametrize(
    "form",
    [
        {"kind": "order", "id": "101", "store": "zzz999"},  # not a configured store
        {"kind": "order", "id": "x101", "store": STORE_A},
        {"kind": "invoice", "id": "101"},
    ],
)
async def test_given_a_wrong_order_resync_then_400_and_nothing_recorded(console, db, form):
    token = await console.csrf("/resource")
    answer = await console.http.post("/resource/resync", data=form | {"csrf_token": token})

    assert answer.status_code == 400
    assert await db.events.count_documents({"bc_hash": {"$regex": "^console-resync:"}}) == 0


async def test_given_a_failing_and_a_dead_lettered_order_then_the_lookup_shows_why(console, db):
    await given_orders_with_events(db)

    failing = (await console.http.get("/resource", params={"order": "103"})).text  # store A
    dead = (await console.http.get("/resource", params={"store": STORE_A, "order": "104"})).text
    never = (await console.http.get("/resource", params={"store": STORE_A, "order": "999"})).text

    assert "failing: 1 failed attempt(s) so far" in failing and "503 from store B" in failing
    assert '<th>failed attempts</th><td class="num">1</td>' in failing
    assert "dead-lettered: waits for an operator" in dead
    assert '<a href="/dead-letters/order-replicator/dead-104">dead-104</a>' in dead
    assert "Not stored: the order replicator has not seen this order" in never
    bad = await console.http.get("/resource", params={"order": "x"})
    assert bad.status_code == 400 and "order must be a number" in bad.text
    wrong_store = await console.http.get("/resource", params={"store": "a/b", "order": "1"})
    assert wrong_store.status_code == 400
