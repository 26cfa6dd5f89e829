"""Variants: SKU-bearing combinations of option values; changes fire store/sku/* events."""

from __future__ import annotations

import posixpath
from typing import Any
from urllib.parse import urlparse

from storebridge_sandbox.domain.common import as_object, merge, number, require, same_text
from storebridge_sandbox.domain.inventory import product_stock_changed, variant_stock_changed
from storebridge_sandbox.domain.metafields import drop_for
from storebridge_sandbox.domain.options import value_by_label
from storebridge_sandbox.domain.skus import (
    VARIANT_WRITABLE,
    check_sku,
    new_variant,
    option_variants,
    sync_base_variant,
)
from storebridge_sandbox.errors import ApiError, conflict, invalid, not_found
from storebridge_sandbox.state import Record, StoreState
from storebridge_sandbox.store import Store
from storebridge_sandbox.timefmt import iso, unix
from storebridge_sandbox.uploads import CDN

MAX_SKUS = 600
_NUMBERS = ("price", "sale_price", "retail_price", "map_price", "cost_price", "weight")


def sku_event(store: Store, action: str, variant: Record) -> None:
    """Fire store/sku/{action} for an option variant."""
    sku = {"product_id": variant["product_id"], "variant_id": variant["id"]}
    store.emit(f"store/sku/{action}", {"type": "sku", "id": variant["sku_id"], "sku": sku})


def get_variant(state: StoreState, product_id: int, variant_id: int) -> Record:
    """One variant of a product, or 404."""
    state.get("products", product_id, f"Product with id {product_id} not found")
    variant = state.table("variants").get(variant_id)
    if variant is None or variant["product_id"] != product_id:
        raise not_found(f"Variant with id {variant_id} not found")
    return variant


def _resolve_values(state: StoreState, product_id: int, items: Any) -> list[Record]:
    if not isinstance(items, list) or not items:
        raise invalid("option_values", "option_values must list the variant's option values")
    resolved = []
    for item in items:
        if isinstance(item, dict) and "label" in item and "option_display_name" in item:
            name, label = item["option_display_name"], item["label"]
            resolved.append(value_by_label(state, product_id, name, label))
            continue
        option = state.table("options").get(int(item.get("option_id") or 0))
        value = next(
            (v for v in (option or {}).get("option_values", []) if v["id"] == item.get("id")),
            None,
        )
        if option is None or option["product_id"] != product_id or value is None:
            raise invalid("option_values", f"Option value {item} does not exist on the product")
        resolved.append(
            {
                "id": value["id"],
                "option_id": option["id"],
                "option_display_name": option["display_name"],
                "label": value["label"],
            }
        )
    return resolved


def add_variant(state: StoreState, product: Record, body: object) -> Record:
    """Validate and store a variant (no event); used by POST and by product create."""
    data = as_object(body)
    require(data, ["sku", "option_values"])
    for field in _NUMBERS:
        number(data, field)
    values = _resolve_values(state, product["id"], data["option_values"])
    check_sku(state, data["sku"])
    wanted = sorted(v["id"] for v in values)
    for other in option_variants(state, product["id"]):
        if sorted(v["id"] for v in other["option_values"]) == wanted:
            raise conflict("A variant with these option values already exists", "option_values")
    if len(option_variants(state, product["id"])) >= MAX_SKUS:
        raise invalid("sku", f"A product holds at most {MAX_SKUS} SKUs")
    variant = new_variant(state, product, values)
    merge(variant, data, VARIANT_WRITABLE)
    sync_base_variant(state, product)
    return variant


def create_variant(store: Store, product_id: int, body: object) -> Record:
    """Create one variant and fire store/sku/created."""
    product = store.state.get("products", product_id, f"Product with id {product_id} not found")
    variant = add_variant(store.state, product, body)
    sku_event(store, "created", variant)
    return variant


def update_variant(store: Store, product_id: int, variant_id: int, body: object) -> Record:
    """Partially update a variant; fires store/sku/updated (product/updated for the base one)."""
    data = as_object(body)
    for field in _NUMBERS:
        number(data, field)
    variant = get_variant(store.state, product_id, variant_id)
    product = store.state.table("products")[product_id]
    if "sku" in data and not same_text(data["sku"], variant["sku"]):
        is_base = variant["sku_id"] is None
        check_sku(store.state, data["sku"], product_id if is_base else None, variant_id)
    stock = variant["inventory_level"]
    merge(variant, data, VARIANT_WRITABLE)
    if variant["sku_id"] is None:
        _edit_base(store, product, variant, data)
    else:
        sku_event(store, "updated", variant)
        variant_stock_changed(store, product, variant, stock)
    return variant


def _edit_base(store: Store, product: Record, variant: Record, data: Record) -> None:
    """The base variant is the product: its SKU and stock are the product's, its edit moves the
    product's date_modified and fires store/product/updated."""
    stock = product["inventory_level"]
    product["sku"] = variant["sku"]
    for field in ("inventory_level", "inventory_warning_level"):
        if field in data:
            product[field] = variant[field]
    product["date_modified"] = iso()
    store.emit("store/product/updated", {"type": "product", "id": product["id"]})
    product_stock_changed(store, product, stock)


def set_variant_image(store: Store, product_id: int, variant_id: int, body: object) -> Record:
    """`POST .../variants/{id}/image {"image_url"}`: the image is copied to the CDN and becomes the
    variant's `image_url` (fires store/sku/updated)."""
    data = as_object(body)
    require(data, ["image_url"])
    if len(str(data["image_url"])) > 255:
        raise invalid("image_url", "image_url is longer than 255 characters")
    ext = posixpath.splitext(urlparse(str(data["image_url"])).path)[1] or ".jpg"
    name = f"{variant_id}_source_{unix()}{ext.lower()}"
    url = f"{CDN}/s-{store.store_hash}/product_images/attribute_rule_images/{name}"
    return update_variant(store, product_id, variant_id, {"image_url": url})


def delete_variant(store: Store, product_id: int, variant_id: int) -> None:
    """Delete a variant and fire store/sku/deleted; the last one brings the base variant back."""
    variant = get_variant(store.state, product_id, variant_id)
    if variant["sku_id"] is None:
        raise invalid("id", "The base variant cannot be deleted")
    del store.state.table("variants")[variant_id]
    drop_for(store.state, "variant", {variant_id})
    sync_base_variant(store.state, store.state.table("products")[product_id])
    sku_event(store, "deleted", variant)


def batch_update_variants(store: Store, body: object) -> list[Record]:
    """`PUT /catalog/variants`: up to 50 partial updates, each naming its variant `id`."""
    if not isinstance(body, list) or not all(isinstance(i, dict) for i in body):
        raise ApiError(422, "JSON data is missing or invalid", {"body": "must be an array"})
    if len(body) > 50:
        raise ApiError(
            413, "The request payload is too large. The maximum items allowed in the array is 50."
        )
    variants = store.state.table("variants")
    for item in body:
        require(item, ["id"])
        if int(item["id"]) not in variants:
            raise not_found(f"Variant with id {item['id']} not found")
    changes = [({k: x for k, x in item.items() if k != "id"}, int(item["id"])) for item in body]
    return [
        update_variant(store, variants[vid]["product_id"], vid, change) for change, vid in changes
    ]
