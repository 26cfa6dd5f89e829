"""Product modifiers: shopper choices that are not variants (text, checkbox, lists...) and their
values with price/weight adjusters."""

from __future__ import annotations

from storebridge_sandbox.domain.common import as_object, merge, one_of, require, same_text
from storebridge_sandbox.domain.modifier_values import new_value, set_default, update_value
from storebridge_sandbox.errors import conflict, invalid, not_found
from storebridge_sandbox.state import Record, StoreState
from storebridge_sandbox.store import Store
from storebridge_sandbox.timefmt import unix

TYPES = (
    "date",
    "checkbox",
    "file",
    "text",
    "multi_line_text",
    "numbers_only_text",
    "radio_buttons",
    "rectangles",
    "dropdown",
    "product_list",
    "product_list_with_images",
    "swatch",
)
LISTS = ("radio_buttons", "rectangles", "dropdown", "product_list", "product_list_with_images")
WITH_VALUES = (*LISTS, "swatch")
WRITABLE = ("display_name", "required", "sort_order", "config")


def get_modifier(state: StoreState, product_id: int, modifier_id: int) -> Record:
    """One modifier of a product, or 404."""
    state.get("products", product_id, f"Product with id {product_id} not found")
    modifier = state.table("modifiers").get(modifier_id)
    if modifier is None or modifier["product_id"] != product_id:
        raise not_found(f"Modifier with id {modifier_id} not found")
    return modifier


def _validate(data: Record) -> None:
    one_of(data, "type", TYPES)
    if "required" in data and not isinstance(data["required"], bool):
        raise invalid("required", "required must be a boolean")
    if "config" in data and not isinstance(data["config"], dict):
        raise invalid("config", "config must be an object")


def _checkbox_values(state: StoreState, option_id: int, config: Record) -> list[Record]:
    checked = bool(config.get("checked_by_default", False))
    return [
        new_value(state, option_id, {"label": "Yes", "value_data": {"checked_value": True}}, 0)
        | {"is_default": checked},
        new_value(state, option_id, {"label": "No", "value_data": {"checked_value": False}}, 1)
        | {"is_default": not checked},
    ]


def _initial_values(state: StoreState, option_id: int, data: Record) -> list[Record]:
    kind, given = data["type"], data.get("option_values")
    if kind == "checkbox":
        if given:
            raise invalid("option_values", "A checkbox gets its Yes and No values by itself")
        return _checkbox_values(state, option_id, data.get("config") or {})
    if kind not in WITH_VALUES:
        return []
    if not isinstance(given, list) or not given:
        raise invalid("option_values", f"A {kind} modifier needs at least one value")
    values = [new_value(state, option_id, v, n) for n, v in enumerate(given)]
    for value in values:
        if value["is_default"]:
            set_default(values, value)
    return values


def create_modifier(state: StoreState, product_id: int, body: object) -> Record:
    """Create a modifier (display_name, type and required needed); fires nothing."""
    data = as_object(body)
    require(data, ["display_name", "type", "required"])
    _validate(data)
    state.get("products", product_id, f"Product with id {product_id} not found")
    for other in state.children("modifiers", "product_id", product_id):
        if same_text(other["display_name"], data["display_name"]):
            raise conflict(f"Modifier '{data['display_name']}' already exists", "display_name")
    option_id = state.next_id("options")
    slug = str(data["display_name"]).replace(" ", "-")
    modifier: Record = {
        "id": option_id,
        "product_id": product_id,
        "name": f"{slug}{unix()}-{product_id}",
        "display_name": data["display_name"],
        "type": data["type"],
        "required": data["required"],
        "sort_order": data.get("sort_order", 0),
        "config": data.get("config") or {},
        "option_values": _initial_values(state, option_id, data),
    }
    state.table("modifiers")[option_id] = modifier
    return modifier


def update_modifier(state: StoreState, product_id: int, modifier_id: int, body: object) -> Record:
    """Partially update a modifier; listed values with an id change, without one are added."""
    data = as_object(body)
    modifier = get_modifier(state, product_id, modifier_id)
    _validate({k: v for k, v in data.items() if k != "type"})
    merge(modifier, data, WRITABLE)
    values = modifier["option_values"]
    for item in data.get("option_values") or []:
        existing = next((v for v in values if v["id"] == as_object(item).get("id")), None)
        if existing is None:
            existing = new_value(state, modifier_id, item, len(values))
            values.append(existing)
        else:
            update_value(existing, item)
        if existing["is_default"]:
            set_default(values, existing)
    return modifier


def delete_modifier(store: Store, product_id: int, modifier_id: int) -> None:
    """Delete a modifier; fires store/product/updated ("Modifier - deleted" is a trigger)."""
    get_modifier(store.state, product_id, modifier_id)
    del store.state.table("modifiers")[modifier_id]
    store.emit("store/product/updated", {"type": "product", "id": product_id})


def present_modifier(modifier: Record) -> Record:
    """The modifier as the API shows it: values in `sort_order`."""
    values = sorted(modifier["option_values"], key=lambda v: (v["sort_order"], v["id"]))
    return {**modifier, "option_values": values}


def get_value(state: StoreState, product_id: int, modifier_id: int, value_id: int) -> Record:
    """One value of a modifier, or 404."""
    for value in get_modifier(state, product_id, modifier_id)["option_values"]:
        if value["id"] == value_id:
            found: Record = value
            return found
    raise not_found(f"Modifier value with id {value_id} not found")


def add_value(state: StoreState, product_id: int, modifier_id: int, body: object) -> Record:
    """Add a value (label and sort_order required) to a list-type modifier."""
    modifier = get_modifier(state, product_id, modifier_id)
    data = as_object(body)
    require(data, ["label", "sort_order"])
    values = modifier["option_values"]
    if any(same_text(v["label"], data["label"]) for v in values):
        raise conflict(f"Modifier value '{data['label']}' already exists", "label")
    value = new_value(state, modifier_id, data, len(values))
    values.append(value)
    if value["is_default"]:
        set_default(values, value)
    return value


def change_value(
    state: StoreState, product_id: int, modifier_id: int, value_id: int, body: object
) -> Record:
    """Partially update a modifier value."""
    value = update_value(get_value(state, product_id, modifier_id, value_id), body)
    if value["is_default"]:
        set_default(get_modifier(state, product_id, modifier_id)["option_values"], value)
    return value


def delete_value(state: StoreState, product_id: int, modifier_id: int, value_id: int) -> None:
    """Delete a modifier value (fires nothing)."""
    value = get_value(state, product_id, modifier_id, value_id)
    get_modifier(state, product_id, modifier_id)["option_values"].remove(value)
