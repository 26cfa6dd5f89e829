"""The inbound BigCommerce webhook: its envelope, the scopes storebridge accepts, and routing keys.

Pure: no I/O. The one place that knows which scopes exist and how a scope becomes a routing key.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

PRODUCT_SCOPES = frozenset(
    f"store/product/{action}"
    for action in ("created", "updated", "deleted", "inventory/updated", "inventory/order/updated")
)
SKU_SCOPES = frozenset(
    f"store/sku/{action}"
    for action in ("created", "updated", "deleted", "inventory/updated", "inventory/order/updated")
)
CATEGORY_SCOPES = frozenset(f"store/category/{a}" for a in ("created", "updated", "deleted"))
CART_SCOPES = frozenset({"store/cart/converted"})
ORDER_SCOPES = frozenset(
    f"store/order/{a}" for a in ("created", "updated", "archived", "statusUpdated")
)

ACCEPTED_SCOPES: frozenset[str] = (
    PRODUCT_SCOPES | SKU_SCOPES | CATEGORY_SCOPES | CART_SCOPES | ORDER_SCOPES
)
"""Every scope the ingress accepts; anything else is answered 422."""

HOOK_SCOPES: tuple[str, ...] = (
    "store/product/created",
    "store/product/updated",
    "store/product/deleted",
    "store/sku/created",
    "store/sku/updated",
    "store/sku/deleted",
    "store/category/created",
    "store/category/updated",
    "store/category/deleted",
    "store/cart/converted",
    "store/order/created",
    "store/order/updated",
    "store/order/statusUpdated",
)
"""The scopes `storebridge hooks sync` registers on every configured store."""

LEGACY_PATH_SCOPES: dict[tuple[str, str], str] = {
    (family, action): f"store/{resource}/{action}"
    for family, resource in (
        ("products", "product"),
        ("categories", "category"),
        ("sku", "sku"),
        ("orders", "order"),
    )
    for action in ("created", "updated", "deleted", "archived", "statusUpdated")
    if f"store/{resource}/{action}" in ACCEPTED_SCOPES
} | {("carts", "converted"): "store/cart/converted"}
"""`/webhooks/{family}/{action}` paths of the Node.js app, mapped to the scope they carry."""

_PRODUCER = re.compile(r"^stores/([A-Za-z0-9]+)$")


class WebhookRejected(Exception):
    """The delivery is not acceptable; `status` is the HTTP answer and `reason` says why."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class WebhookDelivery(BaseModel):
    """A BigCommerce webhook body as delivered (section 2.3 of the API reference)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    scope: str = Field(min_length=1, max_length=200)
    store_id: str
    data: dict[str, Any]
    hash: str = Field(min_length=1, max_length=200)
    created_at: int = Field(ge=0)
    producer: str

    @field_validator("store_id", mode="before")
    @classmethod
    def _store_id_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("producer")
    @classmethod
    def _producer_names_a_store(cls, value: str) -> str:
        if not _PRODUCER.match(value):
            raise ValueError("producer must be stores/{store_hash}")
        return value

    @property
    def store_hash(self) -> str:
        """The store hash taken from `producer`."""
        return self.producer.split("/", 1)[1]

    @property
    def resource_type(self) -> str:
        """The resource family, the second segment of the scope (`product`, `order`, ...)."""
        return self.scope.split("/")[1]

    @property
    def resource_id(self) -> str:
        """The id of the changed resource, as text (cart ids are UUIDs)."""
        for key in ("id", "order_id", "product_id", "category_id"):
            if key in self.data and self.data[key] is not None:
                return str(self.data[key])
        return ""


def routing_key(store_hash: str, scope: str) -> str:
    """`store/product/inventory/updated` of store `abc` -> `abc.product.inventory.updated`."""
    _, _, rest = scope.partition("/")
    return f"{store_hash}.{rest.replace('/', '.')}"


def check_scope(scope: str) -> None:
    """Raise a 422 rejection for a scope storebridge does not handle."""
    if scope not in ACCEPTED_SCOPES:
        raise WebhookRejected(422, f"unknown scope {scope!r}")
