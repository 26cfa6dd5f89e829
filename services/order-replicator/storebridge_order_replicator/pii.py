"""Dropping and masking personal data in an order document by dotted paths (pure).

`billing_address.email` names one field; `*` matches every item of a list or every key of an
object, e.g. `shipping_addresses.*.phone`. A path that does not exist changes nothing.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

MASK = "***"
"""What a masked non-empty value is stored as."""


def scrub(document: dict[str, Any], *, drop: Iterable[str], mask: Iterable[str]) -> dict[str, Any]:
    """A copy of `document` without the `drop` fields and with the `mask` fields masked."""
    result = copy.deepcopy(document)
    for path in drop:
        _apply(result, path.split("."), _drop)
    for path in mask:
        _apply(result, path.split("."), _mask)
    return result


def _drop(container: dict[str, Any], key: str) -> None:
    container.pop(key, None)


def _mask(container: dict[str, Any], key: str) -> None:
    if container.get(key) not in (None, "", [], {}):
        container[key] = MASK


def _children(node: Any, part: str) -> list[Any]:
    if part == "*":
        if isinstance(node, list):
            return list(node)
        return list(node.values()) if isinstance(node, dict) else []
    if isinstance(node, dict) and part in node:
        return [node[part]]
    return []


def _apply(node: Any, parts: list[str], action: Any) -> None:
    head, rest = parts[0], parts[1:]
    if not rest:
        if isinstance(node, dict):
            for key in list(node) if head == "*" else [head]:
                action(node, key)
        return
    for child in _children(node, head):
        _apply(child, rest, action)
