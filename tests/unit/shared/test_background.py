"""Background loops stop for sure, even when an await inside them swallows the cancellation."""

from __future__ import annotations

import asyncio

from storebridge_shared.ops.background import Stopping, in_background


async def test_given_a_loop_whose_await_swallows_the_cancel_when_stopped_then_it_ends():
    calls: list[str] = []
    inside = asyncio.Event()

    async def swallowing_call() -> None:
        """A library call that catches CancelledError and returns as if nothing happened."""
        calls.append("call")
        inside.set()
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            calls.append("swallowed")

    async def loop(stopping: Stopping) -> None:
        while not stopping:
            await swallowing_call()

    async with in_background(loop, name="test-loop", grace_secs=5):
        await inside.wait()

    assert calls == ["call", "swallowed"], "stopped inside the call, which swallowed the cancel"
    assert [t for t in asyncio.all_tasks() if t.get_name() == "test-loop"] == []


async def test_given_a_sleeping_loop_when_stopped_then_it_wakes_at_once_and_ends():
    rounds: list[int] = []

    async def loop(stopping: Stopping) -> None:
        while not await stopping.sleep(3600):
            rounds.append(1)

    async with in_background(loop, name="sleeper", grace_secs=5):
        await asyncio.sleep(0)

    assert rounds == []
