"""Webhook records of the hooks API (v3)."""

from __future__ import annotations

from pydantic import Field

from storebridge_shared.bigcommerce.models.base import ApiRecord


class Hook(ApiRecord):
    """A webhook registered on a store: scope, destination, custom headers, active flag."""

    id: int
    scope: str
    destination: str
    is_active: bool | None = None
    headers: dict[str, str] | None = Field(default=None)
    client_id: str | None = None
    store_hash: str | None = None


INSTANCE_HEADER = "X-Storebridge-Instance"
"""Custom header of every hook a storebridge created: its broker namespace (who owns the hook)."""


def is_ours(hook: Hook, instance: str) -> bool:
    """True when `hook` was created by the storebridge of namespace `instance`."""
    headers = hook.headers or {}
    return any(k.lower() == INSTANCE_HEADER.lower() and v == instance for k, v in headers.items())
