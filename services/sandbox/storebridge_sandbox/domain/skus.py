"""SKUs: store-wide uniqueness, the base variant, and how a variant is presented."""

from __future__ import annotations

from storebridge_sandbox.domain.common import same_text
from storebridge_sandbox.errors import conflict
from storebridge_sandbox.state import Record, StoreState

VARIANT_WRITABLE = (
    "sku",
    "price",
    "sale_price",
    "retail_price",
    "map_price",
    "cost_price",
    "weight",
    "width",
    "height",
    "depth",
    "is_free_shipping",
    "fixed_cost_shipping_price",
    "purchasing_disabled",
    "purchasing_disabled_message",
    "image_url",
    "upc",
    "mpn",
    "gtin",
    "inventory_level",
    "inventory_warning_level",
    "bin_picking_number",
)


def check_sku(
    state: StoreState, sku: str | None, product_id: int | None = None, variant_id: int | None = None
) -> None:
    """409 when the SKU is used by another product or variant (case-insensitive)."""
    if not sku:
        return
    for product in state.rows("products"):
        if product["id"] != product_id and same_text(product["sku"], sku):
            raise conflict(f"Sku {sku} is not unique", "sku")
    for variant in state.rows("variants"):
        other = variant["sku_id"] is not None and variant["id"] != variant_id
        if other and same_text(variant["sku"], sku):
            raise conflict(f"Sku {sku} is not unique", "sku")


def new_variant(state: StoreState, product: Record, option_values: list[Record]) -> Record:
    """A variant record with inherited (null) values; a SKU id unless it is the base variant."""
    variant: Record = dict.fromkeys(VARIANT_WRITABLE)
    variant.update(
        id=state.next_id("variants"),
        product_id=product["id"],
        sku=product["sku"] if not option_values else "",
        sku_id=state.next_id("sku_ids") if option_values else None,
        option_values=option_values,
        is_free_shipping=False,
        purchasing_disabled=False,
        purchasing_disabled_message="",
        image_url="",
        upc="",
        mpn="",
        gtin="",
        inventory_level=0,
        inventory_warning_level=0,
        bin_picking_number="",
    )
    state.table("variants")[variant["id"]] = variant
    return variant


def option_variants(state: StoreState, product_id: int) -> list[Record]:
    """The variants of a product built from option values (not the base variant)."""
    return [v for v in state.children("variants", "product_id", product_id) if v["option_values"]]


def sync_base_variant(state: StoreState, product: Record) -> None:
    """Keep exactly one base variant while the product has no option variants, none otherwise."""
    variants = state.children("variants", "product_id", product["id"])
    bases = [v for v in variants if not v["option_values"]]
    if len(bases) < len(variants):
        for base in bases:
            del state.table("variants")[base["id"]]
        product["base_variant_id"] = None
        return
    base = bases[0] if bases else new_variant(state, product, [])
    base["sku"] = product["sku"]
    base["inventory_level"] = product["inventory_level"]
    base["inventory_warning_level"] = product["inventory_warning_level"]
    product["base_variant_id"] = base["id"]


_NO_PRODUCT: Record = {"price": 0, "sale_price": 0, "weight": 0}


def _current_value(state: StoreState, ref: Record) -> Record:
    option = state.table("options").get(ref["option_id"])
    if option is None:
        return ref
    value = next((v for v in option["option_values"] if v["id"] == ref["id"]), None)
    label = value["label"] if value is not None else ref["label"]
    return {**ref, "option_display_name": option["display_name"], "label": label}


def present_variant(state: StoreState, variant: Record) -> Record:
    """The variant as the API shows it: calculated price and weight, and its option values
    under their current option display names and labels."""
    # a state dump may hold a variant whose product is gone: show it with its own values
    product = state.table("products").get(variant["product_id"]) or _NO_PRODUCT
    price = variant["price"] if variant["price"] is not None else product["price"]
    sale = variant["sale_price"] if variant["sale_price"] is not None else product["sale_price"]
    weight = variant["weight"] if variant["weight"] is not None else product["weight"]
    values = [_current_value(state, ref) for ref in variant["option_values"]]
    derived = {"calculated_price": sale or price, "calculated_weight": weight}
    return {**variant, "option_values": values, **derived}
