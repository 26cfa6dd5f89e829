"""The resource page's order lookup: one stored order, its dead letter and the events about it.

Reads only: `storebridge_shared.store.orders.OrderReads.get` (the order by `_id`, projected on
its state and status fields, never the copy's addresses or e-mails; its dead-letter mark by
`_id`) and `EventMaintenance.about` (index `by_subject`: the order's own events and the
converted cart that made it). Its "refresh now" is the console's resync of kind `order`
(`resync.py`): a `store/order/updated` event of the order's store.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from storebridge_console.order_models import OrderQuery, order_detail_view
from storebridge_console.typedefs import DATABASE
from storebridge_shared.events.envelope import subject_key
from storebridge_shared.store.event_maintenance import EventMaintenance
from storebridge_shared.store.orders import OrderReads

ORDER_EVENTS = 50
"""How many of the latest events about an order its section lists."""


async def order_section(request: web.Request, query: OrderQuery, now_ms: int) -> dict[str, Any]:
    """What the order section shows of `query`'s order."""
    db = request.app[DATABASE]
    detail = await OrderReads(db).get(query.store_hash, query.order_id)
    subject = subject_key(query.store_hash, "order", str(query.order_id))
    events = await EventMaintenance(db).about(subject, ORDER_EVENTS)
    return order_detail_view(query, detail, events, now_ms)
