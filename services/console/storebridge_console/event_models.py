"""The event log's search and "replay this window" (pure): the asked window, rows, the preview."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from urllib.parse import urlencode

from storebridge_console.formatting import utc, utc_ms
from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.events.lifecycle import EventStatus
from storebridge_shared.events.listing import MOST_IDS_AFTER, After, EventRow, after_rows
from storebridge_shared.events.replay import ReplayReport, time_window, unmatched_pattern

SHOWN_EVENTS = 50
"""Events per page of a search; the next page follows the last shown (`after`)."""
_AFTER = re.compile(r"^([0-9]{1,15})(?::([0-9a-f]{1,32}(?:,[0-9a-f]{1,32})*))?$")


@dataclass(frozen=True)
class Window:
    """A store's events of some scopes received in [since, until), from `after` on (a page
    already shown) when given."""

    store: str
    scopes: list[str]
    since: datetime
    until: datetime | None
    asked: dict[str, str]
    after: After | None = None

    @property
    def query(self) -> str:
        """The window as a query string (to link the search and its replay)."""
        return urlencode(self.asked)


class BadWindow(ValueError):
    """The asked window cannot be searched; the message says why."""


def after_text(after: After) -> str:
    """`after` as a link carries it: `<received ms>:<id>,<id>` (the ids sorted)."""
    return f"{after.received_ms}:{','.join(sorted(after.ids))}"


def after_of(text: str) -> After | None:
    """The `after` of a link (None when empty); BadWindow when it is not one."""
    if not text:
        return None
    match = _AFTER.match(text)
    if match is None:
        raise BadWindow("after must be <received ms>:<event id>,... as a next-page link has it")
    ids = frozenset(match[2].split(",")) if match[2] else frozenset()
    if len(ids) > MOST_IDS_AFTER:
        raise BadWindow(f"after carries at most {MOST_IDS_AFTER} event ids")
    return After(int(match[1]), ids)


def window_of(values: Mapping[str, Any], now: datetime) -> Window | None:
    """The window asked by a form (None when no store was given); BadWindow when wrong."""
    asked = {k: str(values.get(k) or "").strip() for k in ("store", "scope", "since", "until")}
    asked["scope"] = asked["scope"] or "*"
    asked["since"] = asked["since"] or "24h"
    if not asked["store"]:
        return None
    scopes = [s.strip() for s in asked["scope"].split(",") if s.strip()]
    pattern = unmatched_pattern(scopes)
    if pattern is not None:
        raise BadWindow(f"scope {pattern!r} matches no webhook scope (e.g. store/product/*, '*')")
    try:
        since, until = time_window(asked["since"], asked["until"] or None, now)
    except ValueError as error:
        raise BadWindow(str(error)) from None
    after = after_of(str(values.get("after") or "").strip())
    return Window(asked["store"], scopes, since, until, asked, after)


class Listed(Protocol):
    """What an event row shows: a stored envelope or a search's `EventRow` alike."""

    @property
    def event_id(self) -> str: ...
    @property
    def scope(self) -> str: ...
    @property
    def resource_type(self) -> str: ...
    @property
    def resource_id(self) -> str: ...
    @property
    def received_at(self) -> datetime: ...


def event_row(envelope: Listed) -> dict[str, Any]:
    """One stored event as a row."""
    return {
        "event_id": envelope.event_id,
        "scope": envelope.scope,
        "resource": f"{envelope.resource_type} {envelope.resource_id}",
        "received": utc(envelope.received_at),
    }


def events_view(
    window: Window | None, found: Sequence[EventRow], stores: Sequence[str], error: str
) -> dict[str, Any]:
    """The search form (filled with what was asked), one page of the events found (`found`
    holds one more when there are more), the links to the next and the first page, and any
    problem."""
    asked = window.asked if window else {"store": "", "scope": "*", "since": "24h", "until": ""}
    shown = list(found[:SHOWN_EVENTS])
    before = window.after if window else None
    after = after_rows(shown, before) if len(found) > SHOWN_EVENTS else None
    return {
        "asked": asked,
        "stores": list(stores),
        "searched": window is not None,
        "events": [event_row(e) for e in shown],
        "more": after is not None,
        "shown": SHOWN_EVENTS,
        "next_query": urlencode(asked | {"after": after_text(after)}) if after else "",
        "after": utc_ms(window.after.received_ms) if window and window.after else "",
        "window_query": window.query if window else "",
        "span": span(window) if window else "",
        "error": error,
    }


def span(window: Window) -> str:
    """`2026-12-01 07:00:00 UTC .. now`."""
    return f"{utc(window.since)} .. {utc(window.until) if window.until else 'now'}"


def replay_view(window: Window, report: ReplayReport, now: datetime) -> dict[str, Any]:
    """The dry run of a replay: how many events of each scope it would publish again. The form
    carries the window in absolute times (an open end frozen at `now`), so the replay publishes
    the events that were counted, not those of a window moved on since."""
    end = window.until or now
    fields = window.asked | {"since": window.since.isoformat(), "until": end.isoformat()}
    return {
        "store": window.store,
        "span": span(window),
        "scopes": ", ".join(window.scopes),
        "found": sorted(report.found.items()),
        "total": report.total,
        "fields": fields,
        "back": f"/events?{window.query}",
    }


def touching_rows(
    events: Sequence[tuple[EventEnvelope, EventStatus]], limit: int
) -> list[dict[str, Any]]:
    """The events about one resource, newest first, at most `limit`, with their states."""
    latest = sorted(events, key=lambda pair: pair[0].received_at, reverse=True)[:limit]
    return [event_row(envelope) | {"status": status.value} for envelope, status in latest]
