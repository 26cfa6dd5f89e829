"""`/v3/hooks`: webhook subscriptions of the calling token's client id."""

from __future__ import annotations

from aiohttp import web

from storebridge_sandbox.domain import hooks
from storebridge_sandbox.filters import apply_filters
from storebridge_sandbox.keys import SANDBOX
from storebridge_sandbox.paging import many, one, paginate
from storebridge_sandbox.replies import body_of, client_id_of, ident, query_of, reply, store_of

FILTERS = {"scope": "str", "is_active": "bool", "destination": "str"}


def _https(request: web.Request) -> bool:
    return request.app[SANDBOX].config.enforce_https_destinations


async def list_hooks(request: web.Request) -> web.Response:
    """GET /hooks: filter by scope, is_active, destination."""
    state, query = store_of(request).state, query_of(request)
    client_id = client_id_of(request)
    mine = [h for h in state.rows("hooks") if h["client_id"] == client_id]
    page, meta = paginate(apply_filters(mine, query, FILTERS), query)
    return reply(many(page, meta))


async def get_hook(request: web.Request) -> web.Response:
    """GET /hooks/{webhook_id}."""
    state = store_of(request).state
    return reply(one(hooks.get_hook(state, client_id_of(request), ident(request, "webhook_id"))))


async def post_hook(request: web.Request) -> web.Response:
    """POST /hooks: one hook, answered 200 with the v3 envelope."""
    state, body = store_of(request).state, await body_of(request)
    return reply(one(hooks.create_hook(state, client_id_of(request), body, _https(request))))


async def put_hook(request: web.Request) -> web.Response:
    """PUT /hooks/{webhook_id}: partial update."""
    state, body = store_of(request).state, await body_of(request)
    hook_id = ident(request, "webhook_id")
    hook = hooks.update_hook(state, client_id_of(request), hook_id, body, _https(request))
    return reply(one(hook))


async def delete_hook(request: web.Request) -> web.Response:
    """DELETE /hooks/{webhook_id}: answers the deleted hook."""
    state = store_of(request).state
    hook = hooks.delete_hook(state, client_id_of(request), ident(request, "webhook_id"))
    return reply(one(hook))


def routes(prefix: str) -> list[web.RouteDef]:
    """Hook routes under a store's v3 prefix."""
    return [
        web.get(f"{prefix}/hooks", list_hooks),
        web.post(f"{prefix}/hooks", post_hook),
        web.get(f"{prefix}/hooks/{{webhook_id}}", get_hook),
        web.put(f"{prefix}/hooks/{{webhook_id}}", put_hook),
        web.delete(f"{prefix}/hooks/{{webhook_id}}", delete_hook),
    ]
