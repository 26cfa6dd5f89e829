"""v3 envelopes and page/limit pagination with `meta.pagination` links."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from storebridge_sandbox.errors import invalid
from storebridge_sandbox.state import Record

DEFAULT_LIMIT = 50
MAX_LIMIT = 250


def _positive_int(query: Mapping[str, str], name: str, default: int) -> int:
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise invalid(name, f"{name} must be a positive integer") from None
    if value < 1:
        raise invalid(name, f"{name} must be a positive integer")
    return value


def page_and_limit(
    query: Mapping[str, str], default_limit: int = DEFAULT_LIMIT, max_limit: int = MAX_LIMIT
) -> tuple[int, int]:
    """`page` (1-based) and `limit`, clamped to `max_limit`."""
    page = _positive_int(query, "page", 1)
    limit = min(_positive_int(query, "limit", default_limit), max_limit)
    return page, limit


def _link(query: Mapping[str, str], page: int, limit: int) -> str:
    kept = [(k, v) for k, v in query.items() if k not in ("page", "limit")]
    return "?" + urlencode([*kept, ("page", str(page)), ("limit", str(limit))], safe=",:")


def paginate(
    rows: Sequence[Record], query: Mapping[str, str], *, max_limit: int = MAX_LIMIT
) -> tuple[list[Record], dict[str, Any]]:
    """The rows of the requested page and the `meta` object describing it."""
    page, limit = page_and_limit(query, max_limit=max_limit)
    chunk = list(rows[(page - 1) * limit : page * limit])
    total_pages = math.ceil(len(rows) / limit)
    links = {"current": _link(query, page, limit)}
    if page > 1:
        links["previous"] = _link(query, page - 1, limit)
    if page < total_pages:
        links["next"] = _link(query, page + 1, limit)
    pagination = {
        "total": len(rows),
        "count": len(chunk),
        "per_page": limit,
        "current_page": page,
        "total_pages": total_pages,
        "links": links,
    }
    return chunk, {"pagination": pagination}


def one(data: Any) -> dict[str, Any]:
    """`{"data": ..., "meta": {}}`."""
    return {"data": data, "meta": {}}


def many(rows: Sequence[Record], meta: dict[str, Any]) -> dict[str, Any]:
    """`{"data": [...], "meta": {...}}`."""
    return {"data": list(rows), "meta": meta}
