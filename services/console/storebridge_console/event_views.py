"""The event log: search by event id or by store, scope and window; "replay this window" with a
dry-run count first. Reads through `EventLog` / `EventMaintenance`, replays with
`storebridge_shared.events.replay`, the code `storebridge replay` runs."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from aiohttp import web

from storebridge_console.event_models import (
    SHOWN_EVENTS,
    BadWindow,
    Window,
    events_view,
    replay_view,
    window_of,
)
from storebridge_console.formatting import utc
from storebridge_console.typedefs import DATABASE, EVENT_LOG, METRICS, PUBLISHER, SETTINGS
from storebridge_console.web import render
from storebridge_shared.events.envelope import utcnow
from storebridge_shared.events.listing import EventRow
from storebridge_shared.events.replay import (
    ReplayReport,
    replay,
    selected_scopes,
)
from storebridge_shared.store.event_maintenance import EventMaintenance


async def _found(request: web.Request, window: Window) -> list[EventRow]:
    """The window's matching events (after the page shown before), oldest first, one more
    than a page (to say there are more)."""
    maintenance = EventMaintenance(request.app[DATABASE])
    scopes = selected_scopes(window.scopes)
    return await maintenance.search(
        window.store, window.since, window.until, scopes, SHOWN_EVENTS + 1, window.after
    )


async def events(request: web.Request) -> web.StreamResponse:
    """The search form; an event id goes to that event, a store searches its window."""
    event_id = request.query.get("event_id", "").strip()
    if event_id:
        raise web.HTTPSeeOther(f"/events/{event_id}")
    stores = sorted(request.app[SETTINGS].store_hashes())
    try:
        window = window_of(request.query, utcnow())
    except BadWindow as error:
        return render(request, "events.html", events_view(None, [], stores, str(error)), status=400)
    found = await _found(request, window) if window else []
    context = events_view(window, found, stores, "")
    replayed = request.query.get("replayed", "")
    context["replayed"] = replayed if replayed.isdigit() else ""
    return render(request, "events.html", context)


async def event(request: web.Request) -> web.Response:
    """One stored event: its state and envelope."""
    event_id = request.match_info["event_id"]
    stored = await request.app[EVENT_LOG].get(event_id)
    if stored is None:
        raise web.HTTPNotFound(text=f"no event {event_id} in the event log")
    envelope, status = stored
    return render(
        request,
        "event.html",
        {
            "event": envelope,
            "status": status.value,
            "received": utc(envelope.received_at),
            "shown": json.dumps(envelope.model_dump(mode="json"), indent=2),
        },
    )


def _window(values: Mapping[str, Any]) -> Window:
    try:
        window = window_of(values, utcnow())
    except BadWindow as error:
        raise web.HTTPBadRequest(text=str(error)) from None
    if window is None:
        raise web.HTTPBadRequest(text="replay needs a store")
    return window


async def _counted(request: web.Request, window: Window) -> ReplayReport:
    """What a replay of the window would publish, per scope, counted by the server (the
    replay's own dry run reads every envelope: seconds for a day of a busy store)."""
    maintenance = EventMaintenance(request.app[DATABASE])
    scopes = selected_scopes(window.scopes)
    found = await maintenance.count_window(window.store, window.since, window.until, scopes)
    return ReplayReport(found=found)


async def replay_preview(request: web.Request) -> web.Response:
    """The dry run: what a replay of the window would publish, and the form that does it."""
    window = _window(request.query)
    report = await _counted(request, window)
    return render(request, "replay.html", replay_view(window, report, utcnow()))


async def replay_window(request: web.Request) -> web.StreamResponse:
    """Publish the window's events again (with confirms), then show the window."""
    window = _window(await request.post())
    publisher = request.app[PUBLISHER]
    if not publisher.ready:
        raise web.HTTPServiceUnavailable(text="RabbitMQ is not connected: nothing published")
    maintenance = EventMaintenance(request.app[DATABASE])
    found = maintenance.window(
        window.store, window.since, window.until, selected_scopes(window.scopes)
    )
    report = await replay(found, publisher, scopes=window.scopes)
    request.app[METRICS].actions.labels("replay").inc()
    raise web.HTTPSeeOther(f"/events?{window.query}&replayed={report.published}")
