"""Writes whose outcome is unknown: sent, then no answer (a read timeout, a reset connection,
a gateway's 504). BigCommerce may still apply such a request later, over a newer write.

The client notes each one in the watch of the running task, so a caller can learn, around any
number of calls, that it must verify its writes again once the server can no longer apply them:

    with watching_uncertain_writes() as unsure:
        await sync(...)
    if unsure: schedule_a_later_check()
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

import httpx

from storebridge_shared.bigcommerce.retries import NOT_SENT

READS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class UncertainWrite:
    """One write attempt that got no answer (a retry may have answered it since)."""

    store_hash: str
    method: str
    path: str
    reason: str


_watch: ContextVar[list[UncertainWrite] | None] = ContextVar("uncertain_writes", default=None)


@contextlib.contextmanager
def watching_uncertain_writes() -> Iterator[list[UncertainWrite]]:
    """Collect the uncertain writes made by this task (and the tasks it starts) meanwhile."""
    found: list[UncertainWrite] = []
    token = _watch.set(found)
    try:
        yield found
    finally:
        _watch.reset(token)


def may_have_applied(method: str, error: httpx.TransportError | None, status: int = 0) -> bool:
    """True when a write failed in a way that does not tell whether the server applied it."""
    if method.upper() in READS:
        return False
    if error is not None:
        return not isinstance(error, NOT_SENT)
    return status == 504


def note_uncertain(store_hash: str, method: str, path: str, reason: str) -> None:
    """Record an uncertain write in the running task's watch (nothing when no one watches)."""
    found = _watch.get()
    if found is not None:
        found.append(UncertainWrite(store_hash, method.upper(), path, reason))
