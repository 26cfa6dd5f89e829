"""Brands: unique names, and the brand lookup behind a product's `brand_name`."""

from __future__ import annotations

from storebridge_sandbox.domain.common import as_object, merge, require, same_text
from storebridge_sandbox.domain.metafields import drop_for
from storebridge_sandbox.domain.urls import generated, requested
from storebridge_sandbox.errors import conflict
from storebridge_sandbox.state import Record, StoreState

WRITABLE = (
    "name",
    "page_title",
    "meta_keywords",
    "meta_description",
    "search_keywords",
    "image_url",
    "custom_url",
)


def _check_name(state: StoreState, name: str, own_id: int | None = None) -> None:
    for brand in state.rows("brands"):
        if brand["id"] != own_id and same_text(brand["name"], name):
            raise conflict(f"Brand name '{name}' is already in use", "name")


def create_brand(state: StoreState, body: object, record_id: int | None = None) -> Record:
    """Create a brand (name required and unique)."""
    data = as_object(body)
    require(data, ["name"])
    _check_name(state, data["name"])
    brand: Record = {
        "id": state.next_id("brands", record_id),
        "name": data["name"],
        "page_title": "",
        "meta_keywords": [],
        "meta_description": "",
        "search_keywords": "",
        "image_url": "",
        "custom_url": (
            requested(state, data["custom_url"], "brands", None)
            if "custom_url" in data
            else generated(state, str(data["name"]))
        ),
    }
    merge(brand, {k: v for k, v in data.items() if k != "custom_url"}, WRITABLE)
    state.table("brands")[brand["id"]] = brand
    return brand


def update_brand(state: StoreState, brand_id: int, body: object) -> Record:
    """Partially update a brand (a rename fires nothing: there are no brand webhooks)."""
    data = as_object(body)
    brand = state.get("brands", brand_id, f"Brand with id {brand_id} not found")
    if "name" in data:
        _check_name(state, data["name"], brand_id)
    if "custom_url" in data:
        data = {**data, "custom_url": requested(state, data["custom_url"], "brands", brand_id)}
    merge(brand, data, WRITABLE)
    return brand


def delete_brand(state: StoreState, brand_id: int) -> None:
    """Delete a brand; its products fall back to brand 0."""
    state.get("brands", brand_id, f"Brand with id {brand_id} not found")
    del state.table("brands")[brand_id]
    drop_for(state, "brand", {brand_id})
    for product in state.rows("products"):
        if product["brand_id"] == brand_id:
            product["brand_id"] = 0


def brand_for_name(state: StoreState, name: str) -> int:
    """The id of the brand named so (case-insensitive), creating it when missing."""
    for brand in state.rows("brands"):
        if same_text(brand["name"], name):
            return int(brand["id"])
    return int(create_brand(state, {"name": name})["id"])
