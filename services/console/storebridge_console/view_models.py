"""What each page shows, from the facts read (pure: plain dicts and strings for the templates)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from storebridge_console.facts import Overview
from storebridge_console.formatting import ago, utc
from storebridge_console.order_models import last_polls


def overview_view(facts: Overview, now: datetime) -> dict[str, Any]:
    """The overview's rows: services, backlog, dead letters, hooks, last polls; errors per
    section."""
    backlog = facts.backlog.value
    dead = facts.dead_letters.value
    hooks = facts.hooks.value
    return {
        "services": [
            {"name": s.name, "url": s.url, "ready": s.ready, "detail": s.detail}
            for s in facts.services
        ],
        "backlog": None
        if backlog is None
        else {
            "by_status": dict(backlog.by_status),
            "oldest": utc(backlog.oldest_unprocessed),
            "oldest_age": ago(backlog.oldest_unprocessed, now),
        },
        "backlog_error": facts.backlog.error,
        "dead_letters": None if dead is None else sorted(dead.items()),
        "dead_letters_total": sum(dead.values()) if dead else 0,
        "dead_letters_error": facts.dead_letters.error,
        "hooks": None
        if hooks is None
        else [
            {
                "store": h.store,
                "active": len(h.active),
                "inactive": list(h.inactive),
                "missing": list(h.missing),
            }
            for h in hooks
        ],
        "hooks_error": facts.hooks.error,
        "last_polls": None
        if facts.last_polls.value is None
        else last_polls(facts.last_polls.value),
        "last_polls_error": facts.last_polls.error,
        "now": utc(now),
    }
