"""`/v3/hooks/admin`: notification e-mails, hook status and the blocked domains."""

from __future__ import annotations

from aiohttp import web

from storebridge_sandbox.domain import hooks_admin
from storebridge_sandbox.filters import apply_filters
from storebridge_sandbox.keys import DISPATCHER
from storebridge_sandbox.paging import paginate
from storebridge_sandbox.replies import body_of, client_id_of, no_content, query_of, reply, store_of


async def get_admin(request: web.Request) -> web.Response:
    """GET /hooks/admin[?is_active=]: `{data: {emails, hooks_list, blocked_domains}, meta}`."""
    store, client_id, query = store_of(request), client_id_of(request), query_of(request)
    hooks = apply_filters(
        hooks_admin.hooks_list(store.state, client_id), query, {"is_active": "bool"}
    )
    page, meta = paginate(hooks, query)
    blocked = request.app[DISPATCHER].health(store.store_hash).blocked_domains(client_id)
    data = {
        "emails": hooks_admin.emails(store.state, client_id),
        "hooks_list": page,
        "blocked_domains": blocked,
    }
    return reply({"data": data, "meta": meta})


async def put_admin(request: web.Request) -> web.Response:
    """PUT /hooks/admin `{"emails": [...]}`: upsert the notification e-mails, 204."""
    store, body = store_of(request), await body_of(request)
    hooks_admin.set_emails(store.state, client_id_of(request), body)
    return no_content()


def routes(prefix: str) -> list[web.RouteDef]:
    """Hooks admin routes under a store's v3 prefix (before `/hooks/{webhook_id}`)."""
    return [
        web.get(f"{prefix}/hooks/admin", get_admin),
        web.put(f"{prefix}/hooks/admin", put_admin),
    ]
