"""Group commit: many concurrent callers, one round trip.

Callers `await batcher.submit(item)`; items that arrive while a flush is running (or within
`max_delay`) are flushed together. Each caller gets its own item's result or exception, so one bad
item never fails its batch-mates. Latency under light load is one round trip; under heavy load
throughput is bounded by batch size, not by round trips.

When a whole round trip fails (the database is unreachable), the items queued behind it fail with
it: flushing them next would make each of them wait for a second timeout before learning what the
first flush already knows.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

FlushFunction = Callable[[Sequence[T]], Awaitable[Sequence["R | BaseException"]]]


class Batcher(Generic[T, R]):
    """Coalesces concurrent submissions into calls of `flush`, at most `max_batch` items each."""

    def __init__(
        self,
        flush: Callable[[Sequence[T]], Awaitable[Sequence[R | BaseException]]],
        *,
        max_batch: int = 200,
        max_delay: float = 0.0,
        on_flush: Callable[[int], None] | None = None,
    ) -> None:
        self._flush = flush
        self._max_batch = max_batch
        self._max_delay = max_delay
        self._on_flush = on_flush
        self._pending: list[tuple[T, asyncio.Future[R]]] = []
        self._worker: asyncio.Task[None] | None = None

    async def submit(self, item: T) -> R:
        """Queue `item` for the next flush and wait for its own result."""
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._pending.append((item, future))
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        # One loop turn (or max_delay) lets callers made ready by the same I/O burst join in.
        # With a max_delay, every round waits it again: what arrived during a flush joins the
        # next window's batch instead of going out alone right after it.
        await asyncio.sleep(self._max_delay)
        while self._pending:
            batch = self._pending[: self._max_batch]
            del self._pending[: self._max_batch]
            await self._flush_batch(batch)
            if self._max_delay and self._pending:
                await asyncio.sleep(self._max_delay)

    async def _flush_batch(self, batch: list[tuple[T, asyncio.Future[R]]]) -> None:
        if self._on_flush is not None:
            self._on_flush(len(batch))
        try:
            results = await self._flush([item for item, _ in batch])
        except Exception as error:  # the round trip failed: its callers and those queued behind
            failed, self._pending = batch + self._pending, []
            for _, future in failed:
                if not future.done():
                    future.set_exception(error)
            return
        for (_, future), result in zip(batch, results, strict=True):
            if future.done():
                continue
            if isinstance(result, BaseException):
                future.set_exception(result)
            else:
                future.set_result(result)

    async def close(self) -> None:
        """Wait for submissions already made to be flushed."""
        if self._worker is not None:
            await asyncio.shield(self._worker)
