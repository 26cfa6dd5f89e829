"""Product channel assignments: which channels may sell a product; changes fire
`store/channel/{channel_id}/product/assigned|unassigned`."""

from __future__ import annotations

from storebridge_sandbox.domain.common import as_array
from storebridge_sandbox.errors import ApiError
from storebridge_sandbox.state import Record, StoreState
from storebridge_sandbox.store import Store

STOREFRONT = 1


def _pair(record: Record) -> tuple[int, int]:
    return int(record["product_id"]), int(record["channel_id"])


def _errors(state: StoreState, items: list[Record]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for n, item in enumerate(items):
        for field, table in (("product_id", "products"), ("channel_id", "channels")):
            value = item.get(field)
            if isinstance(value, bool) or not isinstance(value, int):
                errors[f"{n}.{field}"] = f"{field} must be an integer"
            elif value not in state.table(table):
                errors[f"{n}.{field}"] = f"{field} {value} does not exist"
    return errors


def add_assignment(state: StoreState, product_id: int, channel_id: int) -> bool:
    """Assign a product to a channel (no event); False when it already was."""
    if (product_id, channel_id) in {_pair(r) for r in state.rows("channel_assignments")}:
        return False
    record_id = state.next_id("channel_assignments")
    state.table("channel_assignments")[record_id] = {
        "id": record_id,
        "product_id": product_id,
        "channel_id": channel_id,
    }
    return True


def assign(store: Store, body: object) -> None:
    """`PUT /catalog/products/channel-assignments`: 422 naming each bad item, else assign all."""
    items = as_array(body)
    errors = _errors(store.state, items)
    if errors:
        raise ApiError(422, "Invalid channel assignments", errors)
    for item in items:
        product_id, channel_id = _pair(item)
        if add_assignment(store.state, product_id, channel_id):
            data = {"product_id": product_id}
            store.emit(f"store/channel/{channel_id}/product/assigned", data)


def unassign(store: Store, product_ids: set[int] | None, channel_ids: set[int] | None) -> None:
    """Remove the assignments matching both filters (at least one given)."""
    if product_ids is None and channel_ids is None:
        raise ApiError(
            422,
            "At least one filter must be provided in order to delete channel assignments",
            {"product_id:in": "required", "channel_id:in": "required"},
        )
    for record in assignments(store.state, product_ids, channel_ids):
        del store.state.table("channel_assignments")[record["id"]]
        data = {"product_id": record["product_id"]}
        store.emit(f"store/channel/{record['channel_id']}/product/unassigned", data)


def assignments(
    state: StoreState, product_ids: set[int] | None, channel_ids: set[int] | None
) -> list[Record]:
    """The assignment records matching the filters (None = any)."""
    return [
        r
        for r in state.rows("channel_assignments")
        if (product_ids is None or r["product_id"] in product_ids)
        and (channel_ids is None or r["channel_id"] in channel_ids)
    ]


def channels_of(state: StoreState, product_id: int) -> list[int]:
    """The channel ids a product is assigned to, ascending."""
    return sorted(r["channel_id"] for r in assignments(state, {product_id}, None))


def drop_product(state: StoreState, product_id: int) -> None:
    """Remove, silently, the assignments of a deleted product."""
    for record in assignments(state, {product_id}, None):
        del state.table("channel_assignments")[record["id"]]
