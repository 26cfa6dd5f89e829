"""Where a stored event is in its life, and what recording a delivery returned (pure: no I/O).

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
