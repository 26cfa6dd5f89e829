"""Product options and option values (the building blocks of variants)."""

from __future__ import annotations

from storebridge_sandbox.domain.common import as_object, merge, one_of, require, same_text
from storebridge_sandbox.domain.skus import sync_base_variant
from storebridge_sandbox.errors import conflict, invalid, not_found
from storebridge_sandbox.state import Record, StoreState
from storebridge_sandbox.store import Store
from storebridge_sandbox.timefmt import unix

TYPES = ("radio_buttons", "rectangles", "dropdown", "product_list", "product_list_with_images")
TYPES_ALL = (*TYPES, "swatch")
MAX_VALUES = 250


def get_option(state: StoreState, product_id: int, option_id: int) -> Record:
    """One option of a product, or 404."""
    state.get("products", product_id, f"Product with id {product_id} not found")
    option = state.table("options").get(option_id)
    if option is None or option["product_id"] != product_id:
        raise not_found(f"Option with id {option_id} not found")
    return option


def new_value(state: StoreState, body: object, position: int) -> Record:
    """An option value (label required)."""
    data = as_object(body)
    require(data, ["label"])
    return {
        "id": state.next_id("option_values"),
        "label": data["label"],
        "sort_order": data.get("sort_order", position),
        "value_data": data.get("value_data"),
        "is_default": bool(data.get("is_default", False)),
    }


def create_option(state: StoreState, product_id: int, body: object) -> Record:
    """Create an option with its values; the server generates `name`."""
    data = as_object(body)
    require(data, ["display_name", "type", "option_values"])
    one_of(data, "type", TYPES_ALL)
    values = data["option_values"]
    if not isinstance(values, list) or not values or len(values) > MAX_VALUES:
        raise invalid("option_values", f"option_values needs 1 to {MAX_VALUES} values")
    state.get("products", product_id, f"Product with id {product_id} not found")
    for other in state.children("options", "product_id", product_id):
        if same_text(other["display_name"], data["display_name"]):
            raise conflict(f"Option '{data['display_name']}' already exists", "display_name")
    option: Record = {
        "id": state.next_id("options"),
        "product_id": product_id,
        "name": f"{data['display_name']}{unix()}-{product_id}",
        "display_name": data["display_name"],
        "type": data["type"],
        "sort_order": data.get("sort_order", 0),
        "config": data.get("config", {}),
        "option_values": [new_value(state, v, i) for i, v in enumerate(values)],
    }
    state.table("options")[option["id"]] = option
    return option


def update_option(state: StoreState, product_id: int, option_id: int, body: object) -> Record:
    """Partially update an option; listed values with an id change, without one are added."""
    data = as_object(body)
    option = get_option(state, product_id, option_id)
    one_of(data, "type", TYPES_ALL)
    merge(option, data, ("display_name", "type", "sort_order", "config"))
    for item in data.get("option_values") or []:
        existing = next((v for v in option["option_values"] if v["id"] == item.get("id")), None)
        if existing is None:
            option["option_values"].append(new_value(state, item, len(option["option_values"])))
        else:
            merge(existing, item, ("label", "sort_order", "value_data", "is_default"))
    return option


def drop_variants_using(state: StoreState, product_id: int, value_ids: set[int]) -> list[Record]:
    """Delete the variants built from any of the given option values; return them."""
    doomed = [
        v
        for v in state.children("variants", "product_id", product_id)
        if any(ov["id"] in value_ids for ov in v["option_values"])
    ]
    for variant in doomed:
        del state.table("variants")[variant["id"]]
    sync_base_variant(state, state.table("products")[product_id])
    return doomed


def delete_option(store: Store, product_id: int, option_id: int) -> None:
    """Delete an option and its variants; the quirk: each dropped SKU fires store/sku/created."""
    option = get_option(store.state, product_id, option_id)
    del store.state.table("options")[option_id]
    value_ids = {v["id"] for v in option["option_values"]}
    for variant in drop_variants_using(store.state, product_id, value_ids):
        sku = {"product_id": product_id, "variant_id": variant["id"]}
        store.emit("store/sku/created", {"type": "sku", "id": variant["sku_id"], "sku": sku})


def get_value(state: StoreState, product_id: int, option_id: int, value_id: int) -> Record:
    """One value of an option, or 404."""
    option = get_option(state, product_id, option_id)
    for value in option["option_values"]:
        if value["id"] == value_id:
            found: Record = value
            return found
    raise not_found(f"Option value with id {value_id} not found")


def add_value(state: StoreState, product_id: int, option_id: int, body: object) -> Record:
    """Add a value (label and sort_order required) to an option."""
    option = get_option(state, product_id, option_id)
    data = as_object(body)
    require(data, ["label", "sort_order"])
    if len(option["option_values"]) >= MAX_VALUES:
        raise invalid("option_values", f"An option holds at most {MAX_VALUES} values")
    if any(same_text(v["label"], data["label"]) for v in option["option_values"]):
        raise conflict(f"Option value '{data['label']}' already exists", "label")
    value = new_value(state, data, len(option["option_values"]))
    option["option_values"].append(value)
    return value


def update_value(
    state: StoreState, product_id: int, option_id: int, value_id: int, body: object
) -> Record:
    """Partially update an option value."""
    value = get_value(state, product_id, option_id, value_id)
    merge(value, as_object(body), ("label", "sort_order", "value_data", "is_default"))
    return value


def delete_value(state: StoreState, product_id: int, option_id: int, value_id: int) -> None:
    """Delete a value and, silently, the variants built from it."""
    value = get_value(state, product_id, option_id, value_id)
    get_option(state, product_id, option_id)["option_values"].remove(value)
    drop_variants_using(state, product_id, {value_id})


def value_by_label(state: StoreState, product_id: int, display_name: str, label: str) -> Record:
    """The `{id, option_id, option_display_name, label}` of a label, creating option/value."""
    option = next(
        (
            o
            for o in state.children("options", "product_id", product_id)
            if same_text(o["display_name"], display_name)
        ),
        None,
    )
    if option is None:
        body = {
            "display_name": display_name,
            "type": "radio_buttons",
            "option_values": [{"label": label}],
        }
        option = create_option(state, product_id, body)
    value = next((v for v in option["option_values"] if same_text(v["label"], label)), None)
    if value is None:
        value = new_value(state, {"label": label}, len(option["option_values"]))
        option["option_values"].append(value)
    return {
        "id": value["id"],
        "option_id": option["id"],
        "option_display_name": option["display_name"],
        "label": value["label"],
    }


def present_option(option: Record) -> Record:
    """The option as the API shows it: values in `sort_order`, then id."""
    values = sorted(option["option_values"], key=lambda v: (v["sort_order"], v["id"]))
    return {**option, "option_values": values}
