"""Validation and naming helpers shared by the resource modules."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from storebridge_sandbox.errors import ApiError, invalid, missing_fields
from storebridge_sandbox.state import Record


def require(body: Record, fields: Iterable[str]) -> None:
    """422 listing every required field absent from the body."""
    missing = [f for f in fields if body.get(f) is None or body.get(f) == ""]
    if missing:
        raise missing_fields(missing)


def as_object(body: Any) -> Record:
    """The body as a JSON object, or 422."""
    if not isinstance(body, dict):
        raise ApiError(422, "JSON data is missing or invalid", {"body": "must be an object"})
    return body


def as_array(body: Any) -> list[Record]:
    """The body as a JSON array of objects, or 422."""
    if not isinstance(body, list) or not all(isinstance(i, dict) for i in body):
        raise ApiError(422, "JSON data is missing or invalid", {"body": "must be an array"})
    return body


def number(body: Record, field: str, minimum: float = 0) -> None:
    """422 unless `field`, when present and not null, is a number >= minimum."""
    value = body.get(field)
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
        raise invalid(field, f"{field} must be a number >= {minimum:g}")


def one_of(body: Record, field: str, allowed: Iterable[str]) -> None:
    """422 unless `field`, when present, is one of the allowed values."""
    choices = list(allowed)
    if field in body and body[field] not in choices:
        raise invalid(field, f"{field} must be one of {', '.join(choices)}")


def slug(name: str) -> str:
    """`[Sample] Orbit Terrarium` -> `sample-orbit-terrarium`."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "item"


def same_text(a: Any, b: Any) -> bool:
    """Case-insensitive equality of two texts."""
    return str(a or "").casefold() == str(b or "").casefold()


def merge(record: Record, body: Record, writable: Iterable[str]) -> list[str]:
    """Copy writable fields from the body; return the names copied."""
    changed = [f for f in writable if f in body]
    for f in changed:
        record[f] = body[f]
    return changed
