"""The product record: writable fields, defaults, validation and presentation."""

from __future__ import annotations

from collections.abc import Callable

from storebridge_sandbox.domain.assignments import channels_of
from storebridge_sandbox.domain.bulk_pricing import public_rule
from storebridge_sandbox.domain.common import number, one_of, same_text
from storebridge_sandbox.domain.media import public_custom_field
from storebridge_sandbox.domain.modifiers import present_modifier
from storebridge_sandbox.domain.options import present_option
from storebridge_sandbox.domain.skus import present_variant
from storebridge_sandbox.domain.videos import product_videos
from storebridge_sandbox.errors import conflict, invalid
from storebridge_sandbox.state import Record, StoreState
from storebridge_sandbox.timefmt import iso

DEFAULTS: Record = {
    "type": "physical",
    "sku": "",
    "description": "",
    "weight": 0,
    "width": 0,
    "depth": 0,
    "height": 0,
    "price": 0,
    "cost_price": 0,
    "retail_price": 0,
    "sale_price": 0,
    "map_price": 0,
    "tax_class_id": 0,
    "product_tax_code": "",
    "categories": [],
    "brand_id": 0,
    "option_set_id": None,
    "option_set_display": "right",
    "inventory_level": 0,
    "inventory_warning_level": 0,
    "inventory_tracking": "none",
    "reviews_rating_sum": 0,
    "reviews_count": 0,
    "total_sold": 0,
    "fixed_cost_shipping_price": 0,
    "is_free_shipping": False,
    "is_visible": True,
    "is_featured": False,
    "related_products": [],
    "warranty": "",
    "bin_picking_number": "",
    "layout_file": "",
    "upc": "",
    "mpn": "",
    "gtin": "",
    "date_last_imported": None,
    "search_keywords": "",
    "availability": "available",
    "availability_description": "",
    "gift_wrapping_options_type": "any",
    "gift_wrapping_options_list": [],
    "sort_order": 0,
    "condition": "New",
    "is_condition_shown": False,
    "order_quantity_minimum": 0,
    "order_quantity_maximum": 0,
    "page_title": "",
    "meta_keywords": [],
    "meta_description": "",
    "view_count": 0,
    "preorder_release_date": None,
    "preorder_message": "",
    "is_preorder_only": False,
    "is_price_hidden": False,
    "price_hidden_label": "",
    "open_graph_type": "product",
    "open_graph_title": "",
    "open_graph_description": "",
    "open_graph_use_meta_description": True,
    "open_graph_use_product_name": True,
    "open_graph_use_image": True,
}
WRITABLE = ("name", "custom_url", *DEFAULTS)
NON_TRIGGERING = frozenset({"mpn", "gtin", "product_tax_code"})
_NUMBERS = ("weight", "width", "depth", "height", "price", "cost_price", "retail_price")
_NUMBERS_MORE = ("sale_price", "map_price", "fixed_cost_shipping_price")


def validate(state: StoreState, body: Record, own_id: int | None) -> None:
    """422 for malformed values, 409 for duplicates and dangling references."""
    one_of(body, "type", ("physical", "digital"))
    one_of(body, "condition", ("New", "Used", "Refurbished"))
    one_of(body, "availability", ("available", "disabled", "preorder"))
    one_of(body, "inventory_tracking", ("none", "product", "variant"))
    for field in (*_NUMBERS, *_NUMBERS_MORE, "inventory_level", "inventory_warning_level"):
        number(body, field)
    if "name" in body and not 1 <= len(str(body["name"])) <= 250:
        raise invalid("name", "name must be 1 to 250 characters")
    for other in state.rows("products"):
        if other["id"] == own_id:
            continue
        if "name" in body and same_text(other["name"], body["name"]):
            raise conflict("The product name is a duplicate", "name")
    if body.get("brand_id") and body["brand_id"] not in state.table("brands"):
        raise conflict(f"Brand {body['brand_id']} does not exist", "brand_id")
    for category_id in body.get("categories") or []:
        if category_id not in state.table("categories"):
            raise conflict(f"Category {category_id} does not exist", "categories")


def triggers_update(product: Record, changed: list[str]) -> bool:
    """Whether writing these fields fires store/product/updated (stock only while tracked)."""
    quiet = set(NON_TRIGGERING)
    if product["inventory_tracking"] == "none":
        quiet.add("inventory_level")
    return bool(set(changed) - quiet)


def recalculate(product: Record) -> None:
    """Refresh the read-only derived fields."""
    product["calculated_price"] = product["sale_price"] or product["price"]
    product["date_modified"] = iso()


def _children(state: StoreState, table: str, product_id: int) -> list[Record]:
    return state.children(table, "product_id", product_id)


def _thumbnail(state: StoreState, product_id: int) -> Record | None:
    return next((i for i in _children(state, "images", product_id) if i["is_thumbnail"]), None)


_INCLUDES: dict[str, Callable[[StoreState, int], object]] = {
    "variants": lambda s, p: [present_variant(s, v) for v in _children(s, "variants", p)],
    "images": lambda s, p: _children(s, "images", p),
    "primary_image": _thumbnail,
    "custom_fields": lambda s, p: [
        public_custom_field(f) for f in _children(s, "custom_fields", p)
    ],
    "options": lambda s, p: [present_option(o) for o in _children(s, "options", p)],
    "modifiers": lambda s, p: [present_modifier(m) for m in _children(s, "modifiers", p)],
    "bulk_pricing_rules": lambda s, p: [
        public_rule(r) for r in _children(s, "bulk_pricing_rules", p)
    ],
    "videos": product_videos,
    "channels": channels_of,
}


def present(state: StoreState, product: Record, include: set[str]) -> Record:
    """The product as the API shows it, with the requested sub-resources."""
    out = dict(product)
    for name in include & set(_INCLUDES):
        out[name] = _INCLUDES[name](state, product["id"])
    return out
