"""Which parsed JSON values the event log can store as given, on MongoDB and the stand-in alike.

Pure: no I/O. A webhook's `data` is stored verbatim inside the event document, so anything BSON
or MongoDB refuses must be refused at the door (a 400), never discovered by the insert (which
would look like an outage: a 503 that BigCommerce retries for two days). MongoDB allows 100
levels of nesting per document (the envelope takes three); BSON integers are 64-bit; field names
cannot hold NUL, and `$`-prefixed names are refused by servers before 5.0.
"""

from __future__ import annotations

MAX_DEPTH = 32
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


class UnstorableEvent(ValueError):
    """The event cannot be stored as given (a client's input, never an outage)."""


def _bad_key(key: str) -> bool:
    return "\x00" in key or key.startswith("$")


def unstorable_reason(value: object) -> str | None:
    """Why `value` cannot be stored in a MongoDB document, or None when it can."""
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            if depth >= MAX_DEPTH:
                return f"nested deeper than {MAX_DEPTH} levels"
            if any(_bad_key(key) for key in item):
                return "a field name starts with '$' or holds a NUL character"
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            if depth >= MAX_DEPTH:
                return f"nested deeper than {MAX_DEPTH} levels"
            stack.extend((child, depth + 1) for child in item)
        elif isinstance(item, int) and not INT64_MIN <= item <= INT64_MAX:
            return "an integer outside the 64-bit range"
    return None
