"""What the dead-letter pages show (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from storebridge_shared.broker.dead_letter_records import DeadMessage

ACTIONS = {
    "requeue": (
        "Requeue",
        "The messages go back to the service's queue with their attempt count reset and are "
        "processed again (consumers are idempotent). Do it after the cause is fixed.",
    ),
    "purge": (
        "Purge",
        "The messages are dropped for good. The events stay in the event log, so a replay of "
        "their window can still publish them again.",
    ),
}
DONE = frozenset({"sent back", "dropped"})
SHOWN_BODY_CHARS = 64 * 1024


def message_row(message: DeadMessage) -> dict[str, Any]:
    """One dead letter as a list row."""
    return {
        "event_id": message.event_id,
        "routing_key": message.routing_key,
        "attempts": message.attempts,
        "failed_at": message.failed_at,
        "reason": message.reason,
        "size": len(message.body),
    }


def queue_view(
    service: str, name: str, waiting: int, peeked: Sequence[DeadMessage]
) -> dict[str, Any]:
    """One service's dead-letter queue: how many wait, the oldest ones."""
    return {
        "service": service,
        "queue": name,
        "waiting": waiting,
        "messages": [message_row(m) for m in peeked],
        "more": max(0, waiting - len(peeked)),
        "error": "",
    }


def dead_letter_view(service: str, message: DeadMessage) -> dict[str, Any]:
    """One dead letter with every header and its body (cut at SHOWN_BODY_CHARS)."""
    shown = message.shown()
    return {
        "service": service,
        "message": message_row(message),
        "shown": shown[:SHOWN_BODY_CHARS],
        "cut": len(shown) > SHOWN_BODY_CHARS,
    }
