"""Background loops that stop for sure: a stop flag checked every round, then cancellation.

Cancelling a task does not always stop it: an await that catches `CancelledError` and carries on
(PyMongo's async API did, under load) leaves a `while True` loop running, and whoever awaits the
cancelled task waits forever (a catalog test with one transient 500 hung 120 s in its teardown
so). A loop written against `Stopping` ends at its next round whatever became of the cancel.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

import structlog

log = structlog.get_logger(__name__)

STOP_GRACE_SECS = 10.0


class Stopping:
    """Set once the owner stops the loop; the loop checks it every round and sleeps on it."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def __bool__(self) -> bool:
        return self._event.is_set()

    def set(self) -> None:
        """Ask the loop to stop."""
        self._event.set()

    async def sleep(self, seconds: float) -> bool:
        """Wait `seconds`, or less when asked to stop; True when the loop should stop."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), seconds)
        return self._event.is_set()


Loop = Callable[[Stopping], Coroutine[Any, Any, None]]


@contextlib.asynccontextmanager
async def in_background(
    loop: Loop, *, name: str, grace_secs: float = STOP_GRACE_SECS
) -> AsyncIterator[None]:
    """Run `loop(stopping)` while the block runs; on exit set the flag, cancel, wait."""
    stopping = Stopping()
    task = asyncio.create_task(loop(stopping), name=name)
    try:
        yield
    finally:
        await stop(task, stopping, grace_secs)


async def stop(task: asyncio.Task[None], stopping: Stopping, grace_secs: float) -> None:
    """Stop a loop's task: flag, cancel, then wait at most `grace_secs` for it to end."""
    stopping.set()
    task.cancel()
    done, _ = await asyncio.wait({task}, timeout=grace_secs)
    if not done:
        log.warning("background_loop_not_stopped", task=task.get_name(), waited_s=grace_secs)
    elif not task.cancelled() and task.exception() is not None:
        log.warning("background_loop_failed", task=task.get_name(), error=str(task.exception()))
