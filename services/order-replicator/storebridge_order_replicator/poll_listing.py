"""A store's orders modified since a moment, paged by a `date_modified` watermark.

    GET /v2/orders?min_date_modified=M&sort=date_modified:asc&limit=250   (M inclusive)
    next page: M = the newest `date_modified` of the page (duplicates are dropped by id)
    a full page within one second: that second by id (min_date_modified = max_date_modified = M,
    sort=id:asc, min_id), then M + 1 s

One listing of every status, not one per status: an order that changes status while the poll
pages (11 -> 10, 1 -> 11) gets a new `date_modified` and so comes again at the end of this same
listing, where offset paging or one listing per status could miss it. Orders are filtered by
status afterwards (the backstop's decision).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from storebridge_order_replicator.decisions import bigcommerce_time
from storebridge_order_replicator.ports import PollApi
from storebridge_shared.bigcommerce.models import Order

PAGE = 250
"""v2 page size (the maximum)."""

MAX_PAGES = 1000
"""A listing longer than this many pages is given up (and retried by the next poll)."""

Renew = Callable[[], Awaitable[object]]


class ListingTooLong(Exception):
    """The store kept changing faster than the poll could page through it."""


async def modified_since(
    api: PollApi, since: datetime, renew: Renew, page_size: int = PAGE
) -> dict[int, Order]:
    """Every order modified at or after `since`, by id, each as last listed."""
    found: dict[int, Order] = {}
    cursor = since
    for _ in range(MAX_PAGES):
        page = await api.order_page(_from(cursor, page_size))
        found |= {order.id: order for order in page}
        if len(page) < page_size:
            return found
        await renew()
        newest = max(bigcommerce_time(order.date_modified) or cursor for order in page)
        if newest > cursor:
            cursor = newest
            continue
        await _one_second(api, cursor, found, page_size, renew)
        cursor += timedelta(seconds=1)
    raise ListingTooLong(f"more than {MAX_PAGES} pages of orders modified since {since}")


async def _one_second(
    api: PollApi, moment: datetime, found: dict[int, Order], page_size: int, renew: Renew
) -> None:
    """Page the orders modified in one second by id (more of them than a page holds)."""
    after = 0
    while True:
        query = _from(moment, page_size) | {
            "max_date_modified": moment.isoformat(),
            "sort": "id:asc",
            "min_id": after + 1,
        }
        page = await api.order_page(query)
        found |= {order.id: order for order in page}
        if len(page) < page_size:
            return
        await renew()
        after = max(order.id for order in page)


def _from(moment: datetime, page_size: int) -> dict[str, str | int]:
    return {
        "min_date_modified": moment.isoformat(),
        "sort": "date_modified:asc",
        "limit": page_size,
    }
