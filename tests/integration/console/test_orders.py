"""The Orders page over HTTP against real MongoDB (or the stand-in): orders by state, the
latest orders with our state and BigCommerce's status as last read, poll runs and each store's
last poll, written by the order replicator's own store."""

from __future__ import annotations

import re

import pytest

from storebridge_order_replicator.store.orders import OrderStore
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
    ids = re.findall(r'<td>abc123</td><td class="num">(\d+)</td>', orders[1])
    assert ids == ["103", "102", "101"]
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
