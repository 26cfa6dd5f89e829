"""`/_sandbox/...`: reset, fixtures, state, stats, faults, deliveries, merchant/shopper actions."""

from __future__ import annotations

from aiohttp import web

from storebridge_sandbox import admin_orders, merchant
from storebridge_sandbox.errors import ApiError
from storebridge_sandbox.faults import FaultConfig
from storebridge_sandbox.fixture import load_document, seed
from storebridge_sandbox.keys import DISPATCHER, SANDBOX
from storebridge_sandbox.prefixes import ADMIN, STORE
from storebridge_sandbox.replies import body_of, no_content, query_of, reply, store_of


async def list_stores(request: web.Request) -> web.Response:
    """GET /_sandbox/stores: hashes, store ids, tokens and client ids."""
    stores = request.app[SANDBOX].config.stores
    return reply([s.model_dump(mode="json") for s in stores])


async def reset(request: web.Request) -> web.Response:
    """POST /_sandbox/reset[?store_hash=]: back to the seed (hooks, stats, faults cleared)."""
    sandbox, body = request.app[SANDBOX], await body_of(request) or {}
    wanted = request.query.get("store_hash") or body.get("store_hash")
    chosen = [sandbox.store(wanted)] if wanted else list(sandbox.stores.values())
    for store in chosen:
        await request.app[DISPATCHER].cancel(store.store_hash)
        await store.late_writes.cancel()
        seed(store, sandbox.config)
        store.reset_runtime()
    return reply({"reset": [s.store_hash for s in chosen]})


async def load_fixture(request: web.Request) -> web.Response:
    """POST /_sandbox/stores/{hash}/fixture: replace the data (hooks kept), fire nothing."""
    store = store_of(request)
    load_document(store, await body_of(request) or {})
    return reply({"loaded": store.store_hash})


async def get_state(request: web.Request) -> web.Response:
    """GET /_sandbox/stores/{hash}/state: every table."""
    return reply(store_of(request).state.to_json())


async def get_stats(request: web.Request) -> web.Response:
    """GET /_sandbox/stores/{hash}/stats."""
    store = store_of(request)
    stats = store.stats.to_json()
    stats["pending_deliveries"] = request.app[DISPATCHER].pending(store.store_hash)
    stats["late_writes"] = list(store.late_writes.done)
    stats["pending_late_writes"] = store.late_writes.pending()
    stats["rate_limit"] = store.limiter.headers()
    return reply(stats)


async def clear_stats(request: web.Request) -> web.Response:
    """DELETE /_sandbox/stores/{hash}/stats: zero the counters, empty the request journal."""
    store = store_of(request)
    store.stats = type(store.stats)()
    store.late_writes.done.clear()
    return no_content()


async def get_requests(request: web.Request) -> web.Response:
    """GET /_sandbox/stores/{hash}/requests[?method=&path=]: the latest API requests received."""
    query, rows = query_of(request), list(store_of(request).stats.requests)
    for key in ("method", "path"):
        if key in query:
            rows = [r for r in rows if r[key] == query[key]]
    return reply(rows)


async def get_faults(request: web.Request) -> web.Response:
    """GET /_sandbox/stores/{hash}/faults."""
    return reply(store_of(request).faults.config.model_dump())


async def put_faults(request: web.Request) -> web.Response:
    """PUT /_sandbox/stores/{hash}/faults: replace the fault set (`{}` clears)."""
    store = store_of(request)
    try:
        config = FaultConfig.model_validate(await body_of(request) or {})
    except ValueError as exc:
        raise ApiError(422, "Invalid fault configuration", {"body": str(exc)}) from None
    store.faults.replace(config)
    return reply(store.faults.config.model_dump())


async def get_deliveries(request: web.Request) -> web.Response:
    """GET /_sandbox/stores/{hash}/deliveries[?scope=&hook_id=&outcome=]: every attempt."""
    query, rows = query_of(request), store_of(request).deliveries
    for key in ("scope", "hook_id", "outcome"):
        if key in query:
            rows = [r for r in rows if str(r[key]) == query[key]]
    return reply(rows)


async def clear_deliveries(request: web.Request) -> web.Response:
    """DELETE /_sandbox/stores/{hash}/deliveries."""
    store_of(request).deliveries.clear()
    return no_content()


async def get_paused(request: web.Request) -> web.Response:
    """GET /_sandbox/stores/{hash}/paused: the calls held by a pause, oldest first."""
    return reply(store_of(request).pauses.waiting())


async def release_paused(request: web.Request) -> web.Response:
    """POST /_sandbox/stores/{hash}/paused/release `{"seq"?}`: let one or every held call go on."""
    body = await body_of(request) or {}
    seq = body.get("seq") if isinstance(body, dict) else None
    if seq is not None and (isinstance(seq, bool) or not isinstance(seq, int)):
        raise ApiError(422, "seq must be an integer", {"seq": "integer"})
    return reply({"released": store_of(request).pauses.release(seq)})


def routes() -> list[web.RouteDef]:
    """Every admin route."""
    return [
        web.get(ADMIN + "/stores", list_stores),
        web.post(ADMIN + "/reset", reset),
        web.post(STORE + "/fixture", load_fixture),
        web.get(STORE + "/state", get_state),
        web.get(STORE + "/stats", get_stats),
        web.delete(STORE + "/stats", clear_stats),
        web.get(STORE + "/requests", get_requests),
        web.get(STORE + "/faults", get_faults),
        web.put(STORE + "/faults", put_faults),
        web.get(STORE + "/paused", get_paused),
        web.post(STORE + "/paused/release", release_paused),
        web.get(STORE + "/deliveries", get_deliveries),
        web.delete(STORE + "/deliveries", clear_deliveries),
        *merchant.routes(),
        *admin_orders.routes(),
    ]
