"""The v2 order list filters and sort (`status_id`, `min_date_modified`, `sort=field:dir`, ...)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from storebridge_sandbox.errors import ApiError
from storebridge_sandbox.state import Record
from storebridge_sandbox.timefmt import parse_date

SORTS = (
    "id",
    "customer_id",
    "date_created",
    "date_modified",
    "status_id",
    "channel_id",
    "external_id",
)
_EXACT: dict[str, Callable[[Record], Any]] = {
    "status_id": lambda o: str(o["status_id"]),
    "customer_id": lambda o: str(o["customer_id"]),
    "cart_id": lambda o: o["cart_id"],
    "payment_method": lambda o: o["payment_method"],
    "channel_id": lambda o: str(o["channel_id"]),
    "external_order_id": lambda o: o["external_order_id"],
    "email": lambda o: o["billing_address"]["email"].lower(),
}


def _date(query: Mapping[str, str], name: str) -> Any:
    parsed = parse_date(query[name])
    if parsed is None:
        raise ApiError(400, f"The value of '{name}' is not a valid date")
    return parsed


def _ranges(order: Record, query: Mapping[str, str]) -> bool:
    numbers = {"id": float(order["id"]), "total": float(order["total_inc_tax"])}
    for name, value in numbers.items():
        if f"min_{name}" in query and value < float(query[f"min_{name}"]):
            return False
        if f"max_{name}" in query and value > float(query[f"max_{name}"]):
            return False
    for field in ("date_created", "date_modified"):
        moment = parse_date(order[field])
        assert moment is not None
        if f"min_{field}" in query and moment < _date(query, f"min_{field}"):
            return False
        if f"max_{field}" in query and moment > _date(query, f"max_{field}"):
            return False
    return True


def _matches(order: Record, query: Mapping[str, str]) -> bool:
    for name, get in _EXACT.items():
        if name in query and get(order) != query[name].lower() and get(order) != query[name]:
            return False
    archived = query.get("is_deleted", "false").lower() in ("1", "true")
    return order["is_deleted"] == archived and _ranges(order, query)


def _sort_key(field: str) -> Callable[[Record], Any]:
    """The sort field, then the id: equal values (dates to the second) page in a fixed order."""
    if field.startswith("date_"):
        return lambda o: (parse_date(o[field]), o["id"])
    return lambda o: (o[field] is None, o[field] if o[field] is not None else 0, o["id"])


def filtered_orders(rows: list[Record], query: Mapping[str, str]) -> list[Record]:
    """Orders matching the v2 filters, sorted by `sort=field:asc|desc` (default id)."""
    try:
        chosen = [o for o in rows if _matches(o, query)]
    except ValueError:
        raise ApiError(400, "A filter value is invalid") from None
    field, _, direction = query.get("sort", "id").partition(":")
    if field not in SORTS:
        raise ApiError(400, f"Sort field '{field}' is not supported")
    return sorted(chosen, key=_sort_key(field), reverse=direction == "desc")
