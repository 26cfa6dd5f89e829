"""`/v3/channels` and `/v3/channels/{channel_id}/listings` (cursor paging with `after`)."""

from __future__ import annotations

import math

from aiohttp import web

from storebridge_sandbox.domain import channels
from storebridge_sandbox.filters import apply_filters
from storebridge_sandbox.paging import many, one, page_and_limit, paginate
from storebridge_sandbox.replies import body_of, ident, query_of, reply, store_of
from storebridge_sandbox.state import Record

CHANNEL_FILTERS = {
    "status": "str",
    "type": "str",
    "platform": "str",
    "date_created": "date",
    "date_modified": "date",
}
MAX_LISTINGS = 1000


async def list_channels(request: web.Request) -> web.Response:
    """GET /channels (channel 1 always present)."""
    state, query = store_of(request).state, query_of(request)
    rows = apply_filters(state.rows("channels"), query, CHANNEL_FILTERS)
    if query.get("available") in ("true", "1"):
        rows = [c for c in rows if c["status"] not in ("deleted", "terminated", "archived")]
    page, meta = paginate(rows, query)
    return reply(many(page, meta))


async def get_channel(request: web.Request) -> web.Response:
    """GET /channels/{channel_id}."""
    channel_id = ident(request, "channel_id")
    state = store_of(request).state
    return reply(one(state.get("channels", channel_id, f"Channel {channel_id} not found")))


async def post_channel(request: web.Request) -> web.Response:
    """POST /channels."""
    return reply(one(channels.create_channel(store_of(request).state, await body_of(request))))


async def put_channel(request: web.Request) -> web.Response:
    """PUT /channels/{channel_id}."""
    state, channel_id = store_of(request).state, ident(request, "channel_id")
    return reply(one(channels.update_channel(state, channel_id, await body_of(request))))


def _listing_meta(total: int, page: list[Record], limit: int, after: int | None) -> Record:
    current = f"?limit={limit}" + (f"&after={after}" if after is not None else "")
    links = {"current": current}
    if page and len(page) == limit:
        links["next"] = f"?limit={limit}&after={page[-1]['listing_id']}"
    pagination = {
        "total": total,
        "count": len(page),
        "per_page": limit,
        "total_pages": math.ceil(total / limit),
        "links": links,
    }
    return {"pagination": pagination}


async def list_listings(request: web.Request) -> web.Response:
    """GET /channels/{channel_id}/listings: unknown channel gives 200 with empty data."""
    state, query = store_of(request).state, query_of(request)
    channel_id = ident(request, "channel_id")
    rows = [r for r in state.rows("listings") if r["channel_id"] == channel_id]
    rows = apply_filters(
        rows, query, {"product_id": "int", "date_created": "date", "date_modified": "date"}
    )
    _, limit = page_and_limit(query, max_limit=MAX_LISTINGS)
    after = int(query["after"]) if query.get("after", "").isdigit() else None
    page = [r for r in rows if after is None or r["listing_id"] > after][:limit]
    return reply(many(page, _listing_meta(len(rows), page, limit, after)))


async def get_listing(request: web.Request) -> web.Response:
    """GET /channels/{channel_id}/listings/{listing_id}."""
    state = store_of(request).state
    ids = ident(request, "channel_id"), ident(request, "listing_id")
    return reply(one(channels.get_listing(state, *ids)))


async def post_listings(request: web.Request) -> web.Response:
    """POST /channels/{channel_id}/listings: an array."""
    state, channel_id = store_of(request).state, ident(request, "channel_id")
    created = channels.create_listings(state, channel_id, await body_of(request))
    return reply({"data": created, "meta": {}})


async def put_listings(request: web.Request) -> web.Response:
    """PUT /channels/{channel_id}/listings: unknown listing ids give empty data."""
    state, channel_id = store_of(request).state, ident(request, "channel_id")
    updated = channels.update_listings(state, channel_id, await body_of(request))
    return reply({"data": updated, "meta": {}})


def routes(prefix: str) -> list[web.RouteDef]:
    """Channel routes under a store's v3 prefix."""
    channel = f"{prefix}/channels/{{channel_id}}"
    return [
        web.get(f"{prefix}/channels", list_channels),
        web.post(f"{prefix}/channels", post_channel),
        web.get(channel, get_channel),
        web.put(channel, put_channel),
        web.get(channel + "/listings", list_listings),
        web.post(channel + "/listings", post_listings),
        web.put(channel + "/listings", put_listings),
        web.get(channel + "/listings/{listing_id}", get_listing),
    ]
