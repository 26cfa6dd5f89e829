"""One listing by date_modified finds every order, however they change while it pages."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

from storebridge_order_replicator.poll_listing import modified_since
from storebridge_shared.bigcommerce.models import Order

START = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


class Store:
    """Orders listed as v2 does: date_modified (whole seconds) then id, offset-free filters."""

    def __init__(self, modified: dict[int, int]) -> None:
        self.modified = dict(modified)  # id -> seconds after START
        self.status = dict.fromkeys(modified, 11)
        self.calls: list[dict[str, Any]] = []
        self.between_pages: Callable[[int], None] = lambda call: None

    def change(self, order_id: int, status: int, at: int) -> None:
        self.status[order_id], self.modified[order_id] = status, at

    async def order_page(self, filters: Mapping[str, Any]) -> list[Order]:
        self.between_pages(len(self.calls))
        self.calls.append(dict(filters))
        low = datetime.fromisoformat(str(filters["min_date_modified"]))
        high = filters.get("max_date_modified")
        rows = [
            (START + timedelta(seconds=s), i)
            for i, s in self.modified.items()
            if START + timedelta(seconds=s) >= low
            and (high is None or START + timedelta(seconds=s) <= datetime.fromisoformat(high))
            and i >= int(filters.get("min_id", 0))
        ]
        by_id = filters["sort"] == "id:asc"
        rows.sort(key=lambda row: (row[1],) if by_id else row)
        return [
            Order.parse({"id": i, "status_id": self.status[i], "date_modified": format_datetime(t)})
            for t, i in rows[: int(filters["limit"])]
        ]


async def _renew() -> bool:
    return True


async def test_given_orders_over_several_pages_then_each_is_listed_once():
    store = Store({1: 0, 2: 1, 3: 2, 4: 3, 5: 4})
    found = await modified_since(store, START, _renew, page_size=2)
    assert sorted(found) == [1, 2, 3, 4, 5]


async def test_given_orders_changing_status_between_pages_then_they_are_listed_with_their_new_status():
    store = Store({1: 0, 2: 1, 3: 2, 4: 3})

    def merchant(call: int) -> None:
        if call == 1:  # after the first page (orders 1 and 2) was read
            store.change(1, 10, at=60)  # 11 -> 10
            store.change(2, 5, at=61)

    store.between_pages = merchant
    found = await modified_since(store, START, _renew, page_size=2)
    assert {i: o.status_id for i, o in found.items()} == {1: 10, 2: 5, 3: 11, 4: 11}


async def test_given_more_orders_in_one_second_than_a_page_holds_then_that_second_is_paged_by_id():
    store = Store({1: 0, 2: 5, 3: 5, 4: 5, 5: 5, 6: 9})
    found = await modified_since(store, START, _renew, page_size=2)
    assert sorted(found) == [1, 2, 3, 4, 5, 6]
    assert any(call["sort"] == "id:asc" for call in store.calls)
