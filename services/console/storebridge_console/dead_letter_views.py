"""Dead letters per service: list, show, and requeue or purge one or all, each confirmed first.

Every action goes through `storebridge_shared.broker.dead_letters`, the module `storebridge dlq`
uses: peeking leaves the messages in the queue, a requeue sends a copy to the service's main
queue (its failure headers reset) and drops the dead one only after the broker confirmed it.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from storebridge_console.dead_letter_models import ACTIONS, DONE, dead_letter_view, queue_view
from storebridge_console.overview import failure_text
from storebridge_console.typedefs import METRICS, SETTINGS
from storebridge_console.web import render
from storebridge_shared.broker.dead_letters import dead_letter_queue
from storebridge_shared.broker.topology import Topology

PEEK_LIMIT = 100


def _topology(request: web.Request) -> Topology:
    return Topology(request.app[SETTINGS].broker_namespace)


def _service(request: web.Request) -> str:
    service = request.match_info["service"]
    if service not in _topology(request).services:
        raise web.HTTPNotFound(text=f"no service {service!r}")
    return service


async def _queue(request: web.Request, service: str) -> dict[str, Any]:
    """One service's queue as the list page shows it (an unreachable broker is one line)."""
    settings = request.app[SETTINGS]
    try:
        async with dead_letter_queue(settings.amqp_url, _topology(request), service) as dlq:
            return queue_view(service, dlq.name, await dlq.count(), await dlq.peek(PEEK_LIMIT))
    except Exception as error:
        return {"service": service, "error": failure_text(error)}


async def dead_letters(request: web.Request) -> web.Response:
    """Every service's dead letters (the oldest PEEK_LIMIT), with what was just done."""
    queues = [await _queue(request, service) for service in _topology(request).services]
    done = request.query.get("done", "")
    count = request.query.get("count", "")
    notice = (
        f"{request.query.get('service', '')}: {count} message(s) {done}"
        if done in DONE and count.isdigit()
        else ""
    )
    return render(request, "dead_letters.html", {"queues": queues, "notice": notice})


async def dead_letter(request: web.Request) -> web.Response:
    """One dead letter: its reason, attempts, every header and the body."""
    service, event_id = _service(request), request.match_info["event_id"]
    settings = request.app[SETTINGS]
    async with dead_letter_queue(settings.amqp_url, _topology(request), service) as dlq:
        found = await dlq.show(event_id)
    if found is None:
        raise web.HTTPNotFound(text=f"{event_id}: not in the dead letters of {service}")
    return render(request, "dead_letter.html", dead_letter_view(service, found))


def _action(request: web.Request) -> str:
    action = request.match_info["action"]
    if action not in ACTIONS:
        raise web.HTTPNotFound(text=f"no action {action!r}")
    return action


async def confirm(request: web.Request) -> web.Response:
    """What a requeue or purge will do, and the form that does it."""
    service, action = _service(request), _action(request)
    event_id = request.query.get("event_id", "")
    what = f"the dead letter {event_id}" if event_id else "every dead letter"
    verb, effect = ACTIONS[action]
    return render(
        request,
        "confirm.html",
        {
            "title": f"{verb} {what} of {service}?",
            "text": effect,
            "action": f"/dead-letters/{service}/{action}",
            "fields": {"event_id": event_id},
            "button": f"{verb} {'it' if event_id else 'all'}",
            "back": f"/dead-letters/{service}/{event_id}" if event_id else "/dead-letters",
        },
    )


async def act(request: web.Request) -> web.StreamResponse:
    """Requeue or purge (one, or all when no event id is given), then list again."""
    service, action = _service(request), _action(request)
    form = await request.post()
    raw = form.get("event_id")
    event_id = raw if isinstance(raw, str) and raw else None
    settings = request.app[SETTINGS]
    async with dead_letter_queue(settings.amqp_url, _topology(request), service) as dlq:
        count = await (dlq.requeue(event_id) if action == "requeue" else dlq.purge(event_id))
    request.app[METRICS].actions.labels(f"dead_letters_{action}").inc()
    done = "sent back" if action == "requeue" else "dropped"
    raise web.HTTPSeeOther(f"/dead-letters?service={service}&done={done}&count={count}")
