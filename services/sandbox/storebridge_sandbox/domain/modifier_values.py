"""Modifier values: label, sort order, `value_data`, `is_default` and the adjusters."""

from __future__ import annotations

from typing import Any

from storebridge_sandbox.domain.common import as_object, merge, require
from storebridge_sandbox.errors import invalid
from storebridge_sandbox.state import Record, StoreState

ADJUSTER_KINDS = ("relative", "percentage")


def _adjuster(field: str, raw: Any) -> Record:
    if raw is None or raw == {}:
        return {}
    if not isinstance(raw, dict):
        raise invalid(f"adjusters.{field}", f"adjusters.{field} must be an object")
    kind, amount = raw.get("adjuster"), raw.get("adjuster_value")
    if kind is not None and kind not in ADJUSTER_KINDS:
        raise invalid(f"adjusters.{field}", "adjuster must be relative or percentage")
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int | float)):
        raise invalid(f"adjusters.{field}", "adjuster_value must be a number")
    return {"adjuster": kind, "adjuster_value": amount}


def _disabled(raw: Any) -> Record:
    data = raw if isinstance(raw, dict) else {}
    return {"status": bool(data.get("status", False)), "message": str(data.get("message", ""))}


def adjusters(raw: Any, current: Record | None = None) -> Record:
    """The full adjusters object, `raw` merged over `current` (or over the empty defaults)."""
    base = current or {"price": {}, "weight": {}, "image_url": "", "purchasing_disabled": {}}
    data = as_object(raw) if raw is not None else {}
    return {
        "price": _adjuster("price", data["price"]) if "price" in data else base["price"],
        "weight": _adjuster("weight", data["weight"]) if "weight" in data else base["weight"],
        "image_url": str(data.get("image_url", base["image_url"]) or ""),
        "purchasing_disabled": _disabled(
            data.get("purchasing_disabled", base["purchasing_disabled"])
        ),
    }


def new_value(state: StoreState, option_id: int, body: object, position: int) -> Record:
    """A modifier value (label required); the sort order defaults to its position."""
    data = as_object(body)
    require(data, ["label"])
    return {
        "id": state.next_id("option_values"),
        "option_id": option_id,
        "label": str(data["label"]),
        "sort_order": int(data.get("sort_order", position)),
        "value_data": data.get("value_data"),
        "is_default": bool(data.get("is_default", False)),
        "adjusters": adjusters(data.get("adjusters")),
    }


def update_value(value: Record, body: object) -> Record:
    """Partially update a value; adjusters merge field by field."""
    data = as_object(body)
    merge(value, data, ("label", "sort_order", "value_data", "is_default"))
    if "adjusters" in data:
        value["adjusters"] = adjusters(data["adjusters"], value["adjusters"])
    return value


def set_default(values: list[Record], chosen: Record) -> None:
    """Make `chosen` the only default value of its modifier."""
    for value in values:
        value["is_default"] = value is chosen
