"""Admin shortcuts of `RunningSandbox`: merchant and shopper order actions, paused calls."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any


class AdminCalls:
    """What the shortcuts need from `RunningSandbox`."""

    async def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        raise NotImplementedError

    def _hash(self, store_hash: str | None) -> str:
        raise NotImplementedError

    async def _wait(self, predicate: Callable[[], Awaitable[bool]], within: float) -> None:
        raise NotImplementedError


class PausedCalls(AdminCalls):
    """Calls held by the `pauses` fault: see them, wait for them, release them."""

    async def paused(self, store_hash: str | None = None) -> list[dict[str, Any]]:
        """The calls held now (`seq`, `method`, `path`, `query`, `since`), oldest first."""
        path = f"/_sandbox/stores/{self._hash(store_hash)}/paused"
        result: list[dict[str, Any]] = await self._call("GET", path)
        return result

    async def wait_for_paused(
        self,
        count: int = 1,
        store_hash: str | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[dict[str, Any]]:
        """Wait until at least `count` calls are held; return them."""
        found: list[dict[str, Any]] = []

        async def enough() -> bool:
            found[:] = await self.paused(store_hash)
            return len(found) >= count

        await self._wait(enough, timeout)
        return found

    async def release_paused(self, seq: int | None = None, store_hash: str | None = None) -> int:
        """Let one held call (`seq`) or every one go on; how many were released."""
        path = f"/_sandbox/stores/{self._hash(store_hash)}/paused/release"
        body = {} if seq is None else {"seq": seq}
        return int((await self._call("POST", path, json=body))["released"])


class OrderActions(AdminCalls):
    """Order edits, completions and refunds as a merchant or shopper makes them."""

    def _order_path(self, order_id: int, store_hash: str | None) -> str:
        return f"/_sandbox/stores/{self._hash(store_hash)}/orders/{order_id}"

    async def update_order(
        self, order_id: int, changes: dict[str, Any], store_hash: str | None = None
    ) -> dict[str, Any]:
        """A merchant edits an order (v2 PUT body: fields, `products`, `shipping_addresses`)."""
        result: dict[str, Any] = await self._call(
            "PUT", self._order_path(order_id, store_hash), json=changes
        )
        return result

    async def archive_order(self, order_id: int, store_hash: str | None = None) -> None:
        """A merchant archives an order (fires store/order/archived)."""
        await self._call("DELETE", self._order_path(order_id, store_hash))

    async def complete_checkout(
        self, order_id: int, status_id: int = 11, store_hash: str | None = None
    ) -> dict[str, Any]:
        """The shopper pays an incomplete (status 0) order: 11, or 7 (Awaiting Payment)."""
        path = self._order_path(order_id, store_hash) + "/complete"
        result: dict[str, Any] = await self._call("POST", path, json={"status_id": status_id})
        return result

    async def refund_order(
        self, order_id: int, body: dict[str, Any], store_hash: str | None = None
    ) -> dict[str, Any]:
        """A merchant refunds from the control panel (body as the v3 refunds API)."""
        path = self._order_path(order_id, store_hash) + "/refunds"
        result: dict[str, Any] = (await self._call("POST", path, json=body))["data"]
        return result
