"""The activity register, one run's items, one resource's last syncs and "resync now"."""

from __future__ import annotations

from datetime import UTC, datetime

from aiohttp import web

from storebridge_console.order_lookup import order_section
from storebridge_console.order_models import BadOrderQuery, OrderQuery, order_query
from storebridge_console.register_models import (
    CATEGORY,
    ResourceFacts,
    resource_targets,
    resource_view,
    run_view,
    runs_view,
)
from storebridge_console.resync import KINDS, request_resync, resync_event
from storebridge_console.typedefs import DATABASE, EVENT_LOG, METRICS, PUBLISHER, SETTINGS
from storebridge_console.web import render
from storebridge_shared.events.envelope import subject_key
from storebridge_shared.records.activity import LATEST_RUNS, ResourceQuery
from storebridge_shared.store.catalog_links import links_of
from storebridge_shared.store.event_maintenance import EventMaintenance
from storebridge_shared.store.register import ResourceStatusStore, RunStore, resource_status

RUN_ITEMS = 500
RESOURCE_EVENTS = 50
"""How many of the latest events about a resource its page lists."""


def _now_ms() -> int:
    return int(datetime.now(UTC).timestamp() * 1000)


async def runs(request: web.Request) -> web.Response:
    """The last runs of every destination."""
    by_destination = await RunStore(request.app[DATABASE]).latest_by_destination(LATEST_RUNS)
    return render(request, "runs.html", runs_view(by_destination, _now_ms()))


async def run_detail(request: web.Request) -> web.Response:
    """One run's counters and the items whose last outcome it holds; its categories with their
    outcome in every destination."""
    run_id = request.match_info["run_id"]
    run = await RunStore(request.app[DATABASE]).get(run_id)
    if run is None:
        raise web.HTTPNotFound(text=f"no run {run_id}")
    statuses = ResourceStatusStore(request.app[DATABASE])
    items = await statuses.by_run(run_id, RUN_ITEMS)
    categories = [state.source_id for state in items if state.resource_type == CATEGORY]
    everywhere = await statuses.by_ids(CATEGORY, categories)
    return render(request, "run.html", run_view(run, items, _now_ms(), RUN_ITEMS, everywhere))


def _query(request: web.Request) -> ResourceQuery:
    sku = request.query.get("sku", "").strip() or None
    numbers = {}
    for name in ("product", "category"):
        raw = request.query.get(name, "").strip()
        if raw and not raw.isdigit():
            raise web.HTTPBadRequest(text=f"{name} must be a number")
        numbers[name] = int(raw) if raw else None
    return ResourceQuery(sku, numbers["product"], numbers["category"])


async def _resource_facts(request: web.Request, query: ResourceQuery) -> ResourceFacts:
    """The asked resource's last syncs, then the links and latest events of what they name."""
    db, settings = request.app[DATABASE], request.app[SETTINGS]
    states = await resource_status(db, query)
    source = settings.store_a_hash
    targets = resource_targets(query, states) if source else []
    links, events = [], []
    maintenance = EventMaintenance(db)
    for kind, source_id in targets:
        links += await links_of(db, source, kind, source_id)
        events += await maintenance.about(
            subject_key(source, kind, str(source_id)), RESOURCE_EVENTS
        )
    names = {store.store_hash: f"{store.name} ({store.store_hash})" for store in settings.stores()}
    return ResourceFacts(states, links, events, names)


def _order_query(request: web.Request) -> OrderQuery | None:
    default = request.app[SETTINGS].store_a_hash or ""
    try:
        return order_query(request.query.get("store", ""), request.query.get("order", ""), default)
    except BadOrderQuery as error:
        raise web.HTTPBadRequest(text=str(error)) from None


async def resource(request: web.Request) -> web.Response:
    """Look up a product (SKU or id), a category or an order: a catalog resource's last sync in
    each destination, its links and the latest events about it; an order's stored state."""
    settings = request.app[SETTINGS]
    order = _order_query(request)
    query = ResourceQuery() if order is not None else _query(request)
    facts = ResourceFacts() if query.empty else await _resource_facts(request, query)
    resynced = request.query.get("resync", "")
    published = request.query.get("published") == "1"
    context = resource_view(query, facts, resynced, published, RESOURCE_EVENTS)
    context["stores"] = [store.store_hash for store in settings.stores()]
    context["order_query"] = {"store": order.store_hash if order else "", "order": ""}
    if order is not None:
        context["order_query"]["order"] = str(order.order_id)
        context["order"] = await order_section(request, order, _now_ms())
    return render(request, "resource.html", context)


def _target(raw_kind: object, raw_id: object) -> tuple[str, int]:
    kind, text = str(raw_kind or ""), str(raw_id or "")
    if kind not in KINDS or not text.isdigit():
        raise web.HTTPBadRequest(text="resync needs kind=product|category|order and a numeric id")
    return kind, int(text)


def _resync_store(request: web.Request, kind: str, raw_store: object) -> str:
    """The store the resync event is of: an order's own (a configured store), else store A."""
    settings = request.app[SETTINGS]
    if kind != "order":
        if not settings.store_a_hash:
            raise web.HTTPConflict(text="STORE_A_HASH is not set: no source store to resync from")
        return settings.store_a_hash
    store = str(raw_store or "").strip() or settings.store_a_hash or ""
    if store not in settings.store_hashes():
        raise web.HTTPBadRequest(text="an order's resync needs store= one of the configured stores")
    return store


def _resource_link(kind: str, resource_id: int, store: str) -> str:
    if kind == "order":
        return f"/resource?store={store}&order={resource_id}"
    return f"/resource?{kind}={resource_id}"


def _resync_text(kind: str, resource_id: int, store: str) -> str:
    if kind == "order":
        return (
            f"Order {resource_id} of store {store} is read again from BigCommerce and its stored "
            "copy brought up to date (a store/order/updated event is recorded and published; the "
            "order replicator does the work; it never starts a replication or moves a status)."
        )
    return (
        f"Store A ({store})'s current {kind} {resource_id} is synced again to every "
        "destination (an event is recorded and published; catalog-sync does the work)."
    )


async def resync_confirm(request: web.Request) -> web.Response:
    """The confirmation step of "resync now"."""
    kind, resource_id = _target(request.query.get("kind"), request.query.get("id"))
    store = _resync_store(request, kind, request.query.get("store"))
    fields = {"kind": kind, "id": str(resource_id)} | ({"store": store} if kind == "order" else {})
    return render(
        request,
        "confirm.html",
        {
            "title": f"Resync {kind} {resource_id}?",
            "text": _resync_text(kind, resource_id, store),
            "action": "/resource/resync",
            "fields": fields,
            "button": "Resync now",
            "back": _resource_link(kind, resource_id, store),
        },
    )


async def resync(request: web.Request) -> web.StreamResponse:
    """Record and publish the resync event, then show the resource."""
    form = await request.post()
    kind, resource_id = _target(form.get("kind"), form.get("id"))
    store = _resync_store(request, kind, form.get("store"))
    envelope = resync_event(store, kind, resource_id, datetime.now(UTC))
    published = await request_resync(request.app[EVENT_LOG], request.app[PUBLISHER], envelope)
    request.app[METRICS].actions.labels("resync").inc()
    answer = f"{_resource_link(kind, resource_id, store)}&resync={envelope.event_id}"
    raise web.HTTPSeeOther(f"{answer}&published={int(published)}")
