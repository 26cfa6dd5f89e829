"""Event ids: ordered by when the event was received, so old events are one range of `_id`.

Pure: no I/O. An id is 32 hex digits in the UUIDv7 layout: 48 bits of Unix milliseconds (the
event's `received_at`), the version nibble 7, then random bits. Sorted as text, ids sort by
receipt time, so the janitor purges old events with range deletes on `_id` (the one index every
MongoDB collection has) instead of reading ids first. Ids made before this layout are random
(UUID4): almost all of them sort at or after `LEGACY_FLOOR`, where no time-ordered id reaches
before September 2039.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

ID_BITS = 128
TIME_SHIFT = 80
"""The receipt time is the id's top 48 bits: one millisecond spans 2**80 ids."""
FIRST_ID = "0" * 32
END_ID = "g"
"""Sorts after every id (ids are lowercase hex)."""
LEGACY_FLOOR = "02" + "0" * 30
"""Random (pre-time-ordered) ids at or after this are told apart from time-ordered ones."""


def new_event_id(at: datetime | None = None) -> str:
    """A fresh id for an event received at `at` (default now), ordered by that time."""
    milliseconds = int((at or datetime.now(UTC)).timestamp() * 1000) & (2**48 - 1)
    random = secrets.randbits(74)
    value = (
        milliseconds << TIME_SHIFT
        | 0x7 << 76
        | (random >> 62) << 64
        | 0b10 << 62
        | (random & (2**62 - 1))
    )
    return f"{value:032x}"


def id_at(at: datetime) -> str:
    """The smallest id of an event received at `at` (every id received before it sorts lower)."""
    return id_text(int(at.timestamp() * 1000) << TIME_SHIFT)


def id_value(event_id: str) -> int:
    """An id as a number (ids that are not hex count as the start)."""
    try:
        return int(event_id[:32].ljust(32, "0"), 16)
    except ValueError:
        return 0


def id_text(value: int) -> str:
    """A number as an id; past the last id it is `END_ID`."""
    return END_ID if value >= 2**ID_BITS else f"{max(value, 0):032x}"
