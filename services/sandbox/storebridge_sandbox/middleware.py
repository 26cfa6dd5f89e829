"""The API gate: store lookup, auth, rate limit, faults, call counting and error shapes."""

from __future__ import annotations

from aiohttp import web
from aiohttp.typedefs import Handler

from storebridge_sandbox.errors import ApiError, default_title
from storebridge_sandbox.keys import CLIENT_ID, SANDBOX
from storebridge_sandbox.replies import error_reply
from storebridge_sandbox.store import Store

_PREFIX = "/stores/{store_hash}"


def _template(request: web.Request) -> str:
    resource = request.match_info.route.resource
    if resource is None:
        return "(unmatched)"
    return resource.canonical.removeprefix(_PREFIX)


async def _guarded(request: web.Request, handler: Handler, v2: bool) -> web.StreamResponse:
    try:
        return await handler(request)
    except ApiError as error:
        return error_reply(error, v2)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        return error_reply(ApiError(exc.status, default_title(exc.status)), v2)


def _too_many(store: Store, v2: bool) -> web.StreamResponse:
    store.stats.rate_limited += 1
    response = error_reply(ApiError(429, "Too many requests"), v2)
    response.headers["X-Retry-After"] = str(store.limiter.retry_after_s())
    return response


async def _api_call(request: web.Request, handler: Handler, store: Store) -> web.StreamResponse:
    v2 = "/v2/" in request.path
    subpath = request.path.split("/", 3)[3] if request.path.count("/") >= 3 else ""
    store.stats.count_call(request.method, _template(request))
    client_id = store.client_id(request.headers.get("X-Auth-Token", ""))
    if client_id is None:
        return error_reply(ApiError(401, "Unauthorized: missing or invalid X-Auth-Token"), v2)
    if not store.limiter.take():
        return _too_many(store, v2)
    request[CLIENT_ID] = client_id
    try:
        await store.faults.before_call(request.method, "/" + subpath)
    except ApiError as error:
        return error_reply(error, v2)
    return await _guarded(request, handler, v2)


@web.middleware
async def api_gate(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Route /stores/... through the gate; admin paths only get error shaping."""
    if not request.path.startswith("/stores/"):
        response = await _guarded(request, handler, v2=False)
        if request.method != "GET" and response.status < 400:
            for each in request.app[SANDBOX].stores.values():
                each.dirty = True
        return response
    store_hash = request.path.split("/")[2]
    store = request.app[SANDBOX].stores.get(store_hash)
    if store is None:
        v2 = "/v2/" in request.path
        return error_reply(ApiError(404, f"Store {store_hash} not found"), v2)
    response = await _api_call(request, handler, store)
    response.headers.update(store.limiter.headers())
    if request.method != "GET" and response.status < 400:
        store.dirty = True
    return response
