"""The Orders page: orders by state, the latest orders with their status, the poll runs."""

from __future__ import annotations

from aiohttp import web

from storebridge_console.order_models import orders_view
from storebridge_console.overview import last_polls
from storebridge_console.typedefs import DATABASE, SETTINGS
from storebridge_console.web import render
from storebridge_shared.store.orders import OrderReads
from storebridge_shared.store.poll_runs import PollRuns

RECENT_ORDERS = 20
RECENT_POLLS = 10


async def orders(request: web.Request) -> web.Response:
    """Read the counts, the latest orders and polls, and each configured store's last poll."""
    db = request.app[DATABASE]
    reads = OrderReads(db)
    view = orders_view(
        await reads.count_by_state(),
        await reads.recent(RECENT_ORDERS),
        await PollRuns(db).recent(RECENT_POLLS),
        await last_polls(request.app[SETTINGS], db),
    )
    return render(request, "orders.html", view)
