"""In-memory state of one store: tables of JSON-ready records and id counters."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from storebridge_sandbox.errors import not_found

Record = dict[str, Any]

TABLES = (
    "products",
    "variants",
    "options",
    "images",
    "custom_fields",
    "modifiers",
    "bulk_pricing_rules",
    "videos",
    "metafields",
    "channel_assignments",
    "brands",
    "categories",
    "channels",
    "listings",
    "orders",
    "order_products",
    "order_addresses",
    "order_coupons",
    "order_pickups",
    "order_gift_certificates",
    "order_refunds",
    "hooks",
    "hook_deactivations",
    "hook_admin_emails",
)

FIRST_IDS = {"orders": 100, "hooks": 25000001, "channels": 1, "sku_ids": 1, "option_values": 1}


@dataclass
class StoreState:
    """Every resource of one store, keyed by table then id."""

    store_hash: str
    store_id: str
    tables: dict[str, dict[int, Record]] = field(
        default_factory=lambda: {name: {} for name in TABLES}
    )
    counters: dict[str, int] = field(default_factory=dict)

    def next_id(self, counter: str, wanted: int | None = None) -> int:
        """Allocate an id; a wanted id is used as is and moves the counter past it."""
        current = self.counters.get(counter, FIRST_IDS.get(counter, 1))
        if wanted is not None:
            self.counters[counter] = max(current, wanted + 1)
            return wanted
        self.counters[counter] = current + 1
        return current

    def table(self, name: str) -> dict[int, Record]:
        """One table by name."""
        return self.tables[name]

    def get(self, name: str, record_id: int, title: str | None = None) -> Record:
        """One record, or a 404 ApiError."""
        record = self.tables[name].get(record_id)
        if record is None:
            raise not_found(title or "The requested resource was not found.")
        return record

    def children(self, name: str, key: str, value: Any) -> list[Record]:
        """Records of a table whose `key` equals `value`, in id order."""
        return [r for _, r in sorted(self.tables[name].items()) if r.get(key) == value]

    def rows(self, name: str) -> list[Record]:
        """All records of a table, in id order."""
        return [r for _, r in sorted(self.tables[name].items())]

    def to_json(self) -> dict[str, Any]:
        """The whole state as a JSON-ready dict."""
        return {
            "store_hash": self.store_hash,
            "store_id": self.store_id,
            "counters": dict(self.counters),
            "tables": {name: copy.deepcopy(self.rows(name)) for name in TABLES},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], store_hash: str, store_id: str) -> StoreState:
        """Rebuild a state dumped by `to_json`."""
        state = cls(store_hash=store_hash, store_id=store_id)
        state.counters = {k: int(v) for k, v in data.get("counters", {}).items()}
        for name, rows in data.get("tables", {}).items():
            if name in state.tables:
                key = "listing_id" if name == "listings" else "id"
                state.tables[name] = {int(r[key]): copy.deepcopy(r) for r in rows}
        return state
