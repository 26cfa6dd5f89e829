"""The product record: writable fields, defaults, validation and presentation."""

from __future__ import annotations

from storebridge_sandbox.domain.common import number, one_of, same_text, slug
from storebridge_sandbox.domain.media import public_custom_field
from storebridge_sandbox.domain.skus import present_variant
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
        if "custom_url" in body and same_text(other["custom_url"]["url"], _url(body)):
            raise conflict("The custom_url is a duplicate", "custom_url")
    if body.get("brand_id") and body["brand_id"] not in state.table("brands"):
        raise conflict(f"Brand {body['brand_id']} does not exist", "brand_id")
    for category_id in body.get("categories") or []:
        if category_id not in state.table("categories"):
            raise conflict(f"Category {category_id} does not exist", "categories")


def _url(body: Record) -> str:
    custom = body.get("custom_url") or {}
    return str(custom.get("url", "")) if isinstance(custom, dict) else ""


def auto_url(state: StoreState, name: str) -> Record:
    """A free `/slug/` storefront URL for a product name."""
    taken = {p["custom_url"]["url"] for p in state.rows("products")}
    url, n = f"/{slug(name)}/", 1
    while url in taken:
        url, n = f"/{slug(name)}-{n}/", n + 1
    return {"url": url, "is_customized": False}


def recalculate(product: Record) -> None:
    """Refresh the read-only derived fields."""
    product["calculated_price"] = product["sale_price"] or product["price"]
    product["date_modified"] = iso()


def present(state: StoreState, product: Record, include: set[str]) -> Record:
    """The product as the API shows it, with the requested sub-resources."""
    out = dict(product)
    pid = product["id"]
    if "variants" in include:
        variants = state.children("variants", "product_id", pid)
        out["variants"] = [present_variant(state, v) for v in variants]
    if "images" in include:
        out["images"] = state.children("images", "product_id", pid)
    if "primary_image" in include:
        thumbs = [i for i in state.children("images", "product_id", pid) if i["is_thumbnail"]]
        out["primary_image"] = thumbs[0] if thumbs else None
    if "custom_fields" in include:
        fields = state.children("custom_fields", "product_id", pid)
        out["custom_fields"] = [public_custom_field(f) for f in fields]
    if "options" in include:
        out["options"] = state.children("options", "product_id", pid)
    return out
