"""Products: create (with embedded variants, images, custom fields, bulk pricing rules, videos),
update, delete."""

from __future__ import annotations

from storebridge_sandbox.domain.assignments import STOREFRONT, add_assignment, drop_product
from storebridge_sandbox.domain.brands import brand_for_name
from storebridge_sandbox.domain.bulk_pricing import add_rule
from storebridge_sandbox.domain.common import as_object, merge, require
from storebridge_sandbox.domain.inventory import product_stock_changed
from storebridge_sandbox.domain.media import add_custom_field, add_image
from storebridge_sandbox.domain.metafields import drop_for
from storebridge_sandbox.domain.product_fields import (
    DEFAULTS,
    WRITABLE,
    recalculate,
    triggers_update,
    validate,
)
from storebridge_sandbox.domain.skus import check_sku, sync_base_variant
from storebridge_sandbox.domain.urls import generated, requested
from storebridge_sandbox.domain.variants import add_variant, sku_event
from storebridge_sandbox.domain.videos import add_video
from storebridge_sandbox.errors import ApiError
from storebridge_sandbox.state import Record, StoreState
from storebridge_sandbox.store import Store
from storebridge_sandbox.timefmt import iso

REQUIRED = ("name", "type", "weight", "price")
CHILD_TABLES = (
    "variants",
    "options",
    "images",
    "custom_fields",
    "modifiers",
    "bulk_pricing_rules",
    "videos",
)


def _resolve_brand(state: StoreState, data: Record) -> Record:
    if data.get("brand_name"):
        data = {**data, "brand_id": brand_for_name(state, str(data["brand_name"]))}
    return {k: v for k, v in data.items() if k != "brand_name"}


def _remove(state: StoreState, product_id: int) -> None:
    state.table("products").pop(product_id, None)
    variant_ids = {v["id"] for v in state.children("variants", "product_id", product_id)}
    drop_for(state, "variant", variant_ids)
    drop_for(state, "product", {product_id})
    drop_product(state, product_id)
    for table in CHILD_TABLES:
        for child in state.children(table, "product_id", product_id):
            del state.table(table)[child["id"]]
    for listing in state.children("listings", "product_id", product_id):
        del state.table("listings")[listing["listing_id"]]


def _add_children(state: StoreState, product: Record, data: Record) -> list[Record]:
    variants = [add_variant(state, product, v) for v in data.get("variants") or []]
    for image in data.get("images") or []:
        add_image(state, product["id"], image)
    for field in data.get("custom_fields") or []:
        add_custom_field(state, product["id"], field)
    for rule in data.get("bulk_pricing_rules") or []:
        add_rule(state, product["id"], rule)
    for video in data.get("videos") or []:
        add_video(state, product["id"], video)
    return variants


def _new_url(state: StoreState, data: Record) -> Record:
    if "custom_url" in data:
        return requested(state, data["custom_url"], "products", None)
    return generated(state, str(data["name"]))


def create_product(store: Store, body: object, record_id: int | None = None) -> Record:
    """Create one product; fires store/product/created and store/sku/created per variant."""
    data = as_object(body)
    require(data, REQUIRED)
    state = store.state
    validate(state, data, None)
    check_sku(state, data.get("sku"))
    data = _resolve_brand(state, data)
    url = _new_url(state, data)
    product: Record = {"id": state.next_id("products", record_id), "name": data["name"]}
    product.update(DEFAULTS, date_created=iso())
    merge(product, data, WRITABLE)
    product["custom_url"] = url
    recalculate(product)
    state.table("products")[product["id"]] = product
    try:
        sync_base_variant(state, product)
        variants = _add_children(state, product, data)
    except ApiError:
        _remove(state, product["id"])
        raise
    add_assignment(state, product["id"], STOREFRONT)
    store.emit("store/product/created", {"type": "product", "id": product["id"]})
    for variant in variants:
        sku_event(store, "created", variant)
    return product


def update_product(store: Store, product_id: int, body: object) -> Record:
    """Partially update a product; fires store/product/updated unless only MPN/GTIN changed."""
    state = store.state
    data = as_object(body)
    product = state.get("products", product_id, f"Product with id {product_id} not found")
    validate(state, data, product_id)
    if "sku" in data:
        check_sku(state, data["sku"], product_id=product_id)
    if "custom_url" in data:
        data = {**data, "custom_url": requested(state, data["custom_url"], "products", product_id)}
    data = _resolve_brand(state, data)
    stock = product["inventory_level"]
    changed = merge(product, data, WRITABLE)
    recalculate(product)
    sync_base_variant(state, product)
    if triggers_update(product, changed):
        store.emit("store/product/updated", {"type": "product", "id": product_id})
    product_stock_changed(store, product, stock)
    return product


def delete_product(store: Store, product_id: int) -> None:
    """Delete a product with its variants, options, images and custom fields."""
    store.state.get("products", product_id, f"Product with id {product_id} not found")
    _remove(store.state, product_id)
    store.emit("store/product/deleted", {"type": "product", "id": product_id})


def batch_update(store: Store, body: object) -> list[Record]:
    """`PUT /catalog/products`: up to 10 partial updates, each naming its `id`."""
    if not isinstance(body, list) or not all(isinstance(i, dict) for i in body):
        raise ApiError(422, "JSON data is missing or invalid", {"body": "must be an array"})
    if len(body) > 10:
        raise ApiError(
            413, "The request payload is too large. The maximum items allowed in the array is 10."
        )
    for item in body:
        require(item, ["id"])
        store.state.get("products", int(item["id"]), f"Product with id {item['id']} not found")
    return [update_product(store, int(item["id"]), item) for item in body]
