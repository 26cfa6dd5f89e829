"""Admin shortcuts of `RunningSandbox` for merchant and shopper order actions."""

from __future__ import annotations

from typing import Any


class OrderActions:
    """Order edits, completions and refunds as a merchant or shopper makes them."""

    async def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        raise NotImplementedError

    def _hash(self, store_hash: str | None) -> str:
        raise NotImplementedError

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
