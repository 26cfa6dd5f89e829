"""The hold-then-apply fault: a call the client gave up on (held, then reset) is applied later.

This is how a slow server undoes a newer write: the client times out and moves on, a newer
change lands, then the server finally applies the old request over it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from storebridge_sandbox.fault_rules import PathHold

Apply = Callable[[], Awaitable[web.StreamResponse]]


@dataclass
class LateWrites:
    """Pending late applications of one store and the record of those done."""

    done: list[dict[str, Any]] = field(default_factory=list)
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)

    async def hold(self, request: web.Request, hold: PathHold, apply: Apply) -> None:
        """Schedule `apply` at `apply_after_ms`, hold the caller `hold_ms`, then reset it."""
        arrived = time.time()
        task = asyncio.get_running_loop().create_task(self._later(request, hold, apply, arrived))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        await asyncio.sleep(hold.hold_ms / 1000)
        if request.transport is not None:
            request.transport.close()

    async def _later(
        self, request: web.Request, hold: PathHold, apply: Apply, arrived: float
    ) -> None:
        await asyncio.sleep(hold.apply_after_ms / 1000)
        response = await apply()
        path = "/" + request.path.split("/", 3)[3]
        entry = {"method": request.method, "path": path, "status": response.status}
        self.done.append({**entry, "arrived_at": arrived, "applied_at": time.time()})

    def pending(self) -> int:
        """How many held calls are not applied yet."""
        return len(self._tasks)

    async def cancel(self) -> None:
        """Forget pending applications (reset, shutdown) and the record."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self.done.clear()
