"""The v3 filter grammar (`field`, `field:in`, `:min`, `:like` ...) and field projection."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from storebridge_sandbox.errors import invalid
from storebridge_sandbox.state import Record
from storebridge_sandbox.timefmt import parse_date, parse_query_date

Kind = str  # "int" | "float" | "str" | "bool" | "date" | "intlist"
_OPS = ("in", "not_in", "min", "max", "greater", "less", "like")


def _convert(kind: Kind, name: str, raw: str) -> Any:
    try:
        if kind in ("int", "intlist"):
            return int(raw)
        if kind == "float":
            return float(raw)
    except ValueError:
        raise invalid(name, f"{name} has an invalid value") from None
    if kind == "bool":
        return raw.lower() in ("1", "true")
    if kind == "date":
        parsed = parse_query_date(raw)
        if parsed is None:
            raise invalid(name, f"{name} is not a date")
        return parsed
    return raw.lower()


def _value(kind: Kind, value: Any) -> Any:
    if kind == "str":
        return str(value or "").lower()
    if kind == "date":
        return parse_date(str(value)) if value else None
    return value


def _test(kind: Kind, op: str, field_value: Any, wanted: Any) -> bool:
    if kind == "intlist":
        values = set(field_value or [])
        if op == "in":
            return bool(values & set(wanted))
        if op == "not_in":
            return not values & set(wanted)
        return values == {wanted}
    tests: dict[str, Callable[[], bool]] = {
        "eq": lambda: field_value == wanted,
        "in": lambda: field_value in wanted,
        "not_in": lambda: field_value not in wanted,
        "min": lambda: field_value >= wanted,
        "max": lambda: field_value <= wanted,
        "greater": lambda: field_value > wanted,
        "less": lambda: field_value < wanted,
        "like": lambda: str(wanted) in str(field_value),
    }
    try:
        return tests[op]()
    except TypeError:
        return False


def apply_filters(
    rows: Sequence[Record], query: Mapping[str, str], fields: Mapping[str, Kind]
) -> list[Record]:
    """Keep the rows matching every recognised filter; unknown parameters are ignored."""
    result = list(rows)
    for key, raw in query.items():
        name, _, op = key.partition(":")
        if name not in fields or (op and op not in _OPS):
            continue
        kind = fields[name]
        op = op or "eq"
        if op in ("in", "not_in"):
            wanted: Any = [_convert(kind, key, part) for part in raw.split(",") if part != ""]
        else:
            wanted = _convert(kind, key, raw)
        result = [r for r in result if _test(kind, op, _value(kind, r.get(name)), wanted)]
    return result


def has_filter(query: Mapping[str, str], fields: Mapping[str, Kind]) -> bool:
    """Whether the query carries at least one recognised filter."""
    return any(key.partition(":")[0] in fields for key in query)


def project(record: Record, query: Mapping[str, str]) -> Record:
    """Apply `include_fields` / `exclude_fields` (`id` always stays)."""
    include = [f for f in query.get("include_fields", "").split(",") if f]
    exclude = {f for f in query.get("exclude_fields", "").split(",") if f} - {"id"}
    if include:
        keep = {"id", *include}
        record = {k: v for k, v in record.items() if k in keep}
    return {k: v for k, v in record.items() if k not in exclude}
