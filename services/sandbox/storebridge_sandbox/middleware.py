"""The API gate: store lookup, auth, rate limit, faults, call counting and error shapes."""

from __future__ import annotations

import json

from aiohttp import web
from aiohttp.typedefs import Handler

from storebridge_sandbox.errors import ApiError, default_title
from storebridge_sandbox.faults import InjectedFailure
from storebridge_sandbox.keys import CLIENT_ID, SANDBOX
from storebridge_sandbox.replies import error_reply, failure_reply
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
    response.headers["X-Retry-After"] = store.limiter.retry_after()
    return response


async def _record(request: web.Request, store: Store, subpath: str) -> None:
    raw = await request.read()
    try:
        body = json.loads(raw) if raw else None
    except ValueError:
        body = raw.decode("utf-8", "replace")
    entry = {"method": request.method, "path": subpath, "query": dict(request.query)}
    store.stats.requests.append({**entry, "headers": dict(request.headers), "body": body})


async def _api_call(
    request: web.Request, handler: Handler, store: Store
) -> tuple[web.StreamResponse, InjectedFailure | None]:
    v2 = "/v2/" in request.path
    subpath = "/" + (request.path.split("/", 3)[3] if request.path.count("/") >= 3 else "")
    store.stats.count_call(request.method, _template(request))
    await _record(request, store, subpath)
    client_id = store.client_id(request.headers.get("X-Auth-Token", ""))
    if client_id is None:
        return error_reply(ApiError(401, "Unauthorized: missing or invalid X-Auth-Token"), v2), None
    if not store.limiter.take():
        return _too_many(store, v2), None
    store.stats.count_served(store.limiter.window)
    request[CLIENT_ID] = client_id
    return await _handled(request, handler, store, subpath)


async def _handled(
    request: web.Request, handler: Handler, store: Store, subpath: str
) -> tuple[web.StreamResponse, InjectedFailure | None]:
    """The admitted call through its faults (waits, failures, pauses, holds), then handled."""
    v2, method, query = "/v2/" in request.path, request.method, request.query
    try:
        await store.faults.before_call(method, subpath, query)
    except InjectedFailure as failure:
        return failure_reply(failure, v2), failure
    except ApiError as error:
        return error_reply(error, v2), None
    pause = store.faults.pause(method, subpath, query)
    if pause is not None:
        await store.pauses.wait(pause, method, subpath, query)
    hold = store.faults.hold(method, subpath, query)
    if hold is not None:
        await store.late_writes.hold(request, hold, lambda: _apply_late(request, handler, store))
        return error_reply(ApiError(504, default_title(504)), v2), None
    return _partial(await _guarded(request, handler, v2), store, request, subpath), None


async def _apply_late(request: web.Request, handler: Handler, store: Store) -> web.StreamResponse:
    response = await _guarded(request, handler, "/v2/" in request.path)
    store.dirty = True
    return response


def _partial(
    response: web.StreamResponse, store: Store, request: web.Request, subpath: str
) -> web.StreamResponse:
    if response.status != 200 or not isinstance(response, web.Response) or not response.body:
        return response
    partial = store.faults.partial(request.method, subpath, request.query)
    if partial is None:
        return response
    body = json.loads(response.body)  # type: ignore[arg-type]
    return web.json_response({**body, "errors": partial.errors}, status=207)


async def _store_call(request: web.Request, handler: Handler, store: Store) -> web.StreamResponse:
    stats = store.stats
    stats.started()
    try:
        response, failure = await _api_call(request, handler, store)
    finally:
        stats.finished()
    if failure is None or failure.failure.rate_limit_headers:
        response.headers.update(store.limiter.headers())
    if failure is not None:
        response.headers.update(failure.failure.headers)
    if request.method != "GET" and response.status < 400:
        store.dirty = True
    return response


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
    return await _store_call(request, handler, store)
