"""The inbound BigCommerce webhook: its body as delivered, and why a delivery is rejected.

Pure: no I/O. Which scopes exist is in `scopes.py`; how a scope becomes a routing key in
`routing.py`.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from storebridge_shared.events.scopes import is_accepted
from storebridge_shared.events.storable import unstorable_reason

_PRODUCER = re.compile(r"^stores/([A-Za-z0-9]+)$")
SECRET_HEADER = "X-Storebridge-Secret"
"""Custom header every hook of ours carries; the ingress checks it on every delivery."""
LATEST_TIMESTAMP = 253_402_300_799
"""9999-12-31T23:59:59Z, the last second a `datetime` (and so the envelope) can hold."""


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
    hash: str = Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$")
    created_at: int = Field(ge=0, le=LATEST_TIMESTAMP)
    producer: str

    @field_validator("store_id", mode="before")
    @classmethod
    def _store_id_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("data")
    @classmethod
    def _data_is_storable(cls, value: dict[str, Any]) -> dict[str, Any]:
        reason = unstorable_reason(value)
        if reason is not None:
            raise ValueError(f"cannot be stored: {reason}")
        return value

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
        """The id of the changed resource, as text (cart ids are UUIDs); for a metafield event,
        the id of the resource the metafield belongs to (`resource_id`)."""
        for key in ("id", "order_id", "product_id", "category_id", "resource_id"):
            if key in self.data and self.data[key] is not None:
                return str(self.data[key])
        return ""


def check_scope(scope: str) -> None:
    """Raise a 422 rejection for a scope storebridge does not handle."""
    if not is_accepted(scope):
        raise WebhookRejected(422, f"unknown scope {scope!r}")
