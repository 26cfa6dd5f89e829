"""An attempt cut off by a stop releases its order before the store closes, even when the stop
cancels the handler a second time while the release is under way."""

from __future__ import annotations

import asyncio
from typing import Any, cast

from storebridge_order_replicator.decisions import OrderRules
from storebridge_order_replicator.fetch import OrderReader
from storebridge_order_replicator.ports import Announcer, OrderApi
from storebridge_order_replicator.replicate import CUT_OFF, Replicator
from storebridge_order_replicator.store.orders import Claim, OrderStore


class HeldReader:
    """A reader whose read never answers (the sandbox holding the request)."""

    def __init__(self) -> None:
        self.reading = asyncio.Event()

    async def read(self, order_id: int) -> Any:
        self.reading.set()
        await asyncio.Event().wait()


class SlowReleaseStore:
    """The order store's claim and release, the release answering only when let go."""

    def __init__(self) -> None:
        self.released: list[tuple[int, str, bool]] = []
        self.release_started = asyncio.Event()
        self.let_release = asyncio.Event()

    async def claim(self, store_hash: str, order_id: int, holder: str, lease_ms: int) -> Claim:
        return Claim("claimed", {"state": "new"})

    async def release_status_update(self, store_hash: str, order_id: int, holder: str) -> None:
        self.release_started.set()
        await self.let_release.wait()

    async def release(
        self, store_hash: str, order_id: int, holder: str, why: str, *, failed: bool
    ) -> int:
        self.released.append((order_id, why, failed))
        return 0


async def test_given_a_cut_off_attempt_cancelled_again_when_settled_then_the_order_is_released():
    store, reader = SlowReleaseStore(), HeldReader()
    replicator = Replicator(
        cast(OrderStore, store),
        {"abc": cast(OrderApi, object())},
        cast(Announcer, object()),
        OrderRules(),
        "replica-1",
        readers={"abc": cast(OrderReader, reader)},
    )
    attempt = asyncio.create_task(replicator.replicate("abc", 100, "store/order/created"))
    await reader.reading.wait()

    attempt.cancel()  # the stop cuts the attempt off
    await store.release_started.wait()
    attempt.cancel()  # and cancels the handler again while it releases
    await asyncio.gather(attempt, return_exceptions=True)
    assert store.released == []

    store.let_release.set()
    await replicator.settle()  # what the service awaits before MongoDB closes

    assert store.released == [(100, CUT_OFF, False)]
    assert attempt.cancelled()
