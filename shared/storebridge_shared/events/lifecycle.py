"""Where a stored event is in its life, what recording a delivery returned, and where the purge of
old events resumes (pure: no I/O).

`received` (durable, not yet confirmed by the broker) -> `published` (broker confirmed) ->
`processed` (its consumer finished). The event log (`store/event_log.py`) stores these states.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from storebridge_shared.events.envelope import EventEnvelope


class EventStatus(StrEnum):
    """Where an event is in its life."""

    RECEIVED = "received"
    PUBLISHED = "published"
    PROCESSED = "processed"


@dataclass(frozen=True)
class Recorded:
    """Outcome of recording a delivery: the stored event and whether this call stored it."""

    event: EventEnvelope
    status: EventStatus
    duplicate: bool


@dataclass(frozen=True)
class PurgeState:
    """Where the janitor's next purge starts (an event id), and whether events with random
    (pre-time-ordered) ids are known to be gone."""

    resume_id: str | None = None
    legacy_done: bool = False
