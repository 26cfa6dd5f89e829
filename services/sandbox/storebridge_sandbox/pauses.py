"""The pause fault: a matching call waits until a test releases it (or `max_ms` passes), then
is handled normally, so a test can change data *during* a client's call."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from storebridge_sandbox.fault_rules import PathPause


@dataclass
class _Waiting:
    info: dict[str, Any]
    released: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass
class Pauses:
    """The calls of one store waiting at a pause."""

    _waiting: dict[int, _Waiting] = field(default_factory=dict)
    _seq: int = 0

    async def wait(
        self, pause: PathPause, method: str, path: str, query: Mapping[str, str]
    ) -> None:
        """Hold this call until released or `max_ms` after it arrived."""
        self._seq += 1
        seq = self._seq
        info = {"seq": seq, "method": method, "path": path, "query": dict(query)}
        waiting = _Waiting({**info, "since": time.time()})
        self._waiting[seq] = waiting
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiting.released.wait(), pause.max_ms / 1000)
        finally:
            self._waiting.pop(seq, None)

    def waiting(self) -> list[dict[str, Any]]:
        """The calls held now, oldest first."""
        return [w.info for _, w in sorted(self._waiting.items())]

    def release(self, seq: int | None = None) -> int:
        """Let one held call (by `seq`) or all of them go on; how many were released."""
        chosen = [w for s, w in self._waiting.items() if seq is None or s == seq]
        for waiting in chosen:
            waiting.released.set()
        return len(chosen)
