"""Webhooks v3 (`/v3/hooks`) of one store; only this API account's hooks are visible."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from storebridge_shared.bigcommerce.api import as_object
from storebridge_shared.bigcommerce.models import Hook

if TYPE_CHECKING:
    from storebridge_shared.bigcommerce.client import BigCommerceClient

HOOK_PAGE_LIMIT = 250


async def list_hooks(
    bc: BigCommerceClient,
    *,
    scope: str | None = None,
    destination: str | None = None,
    is_active: bool | None = None,
) -> list[Hook]:
    """This account's hooks, optionally filtered."""
    params = {"scope": scope, "destination": destination, "is_active": is_active}
    return Hook.parse_all(await bc.v3.collect("/hooks", params, limit=HOOK_PAGE_LIMIT))


async def create_hook(
    bc: BigCommerceClient,
    scope: str,
    destination: str,
    *,
    headers: Mapping[str, str] | None = None,
    is_active: bool = True,
) -> Hook:
    """Create one hook; `is_active` is always sent (its default is disputed)."""
    body: dict[str, Any] = {"scope": scope, "destination": destination, "is_active": is_active}
    if headers:
        body["headers"] = dict(headers)
    return Hook.parse(as_object(await bc.v3.post("/hooks", body)))


async def update_hook(bc: BigCommerceClient, hook_id: int, body: Mapping[str, Any]) -> Hook:
    """Partly update one hook, e.g. {"is_active": True} to re-activate it."""
    return Hook.parse(as_object(await bc.v3.put(f"/hooks/{hook_id}", dict(body))))


async def delete_hook(bc: BigCommerceClient, hook_id: int) -> Hook | None:
    """Delete one hook; BigCommerce returns the deleted hook."""
    body = await bc.v3.delete(f"/hooks/{hook_id}")
    return Hook.parse(as_object(body)) if body is not None else None
