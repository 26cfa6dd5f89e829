"""Storefront URLs (`custom_url`) of products, categories and brands: one namespace per store,
generated from the name when not given, a taken URL answered 409."""

from __future__ import annotations

from typing import Any

from storebridge_sandbox.domain.common import slug
from storebridge_sandbox.errors import conflict, invalid
from storebridge_sandbox.state import Record, StoreState

OWNERS = ("products", "categories", "brands")


def _taken(state: StoreState, table: str | None, own_id: int | None) -> set[str]:
    return {
        str(record["custom_url"]["url"]).casefold()
        for name in OWNERS
        for record in state.rows(name)
        if not (name == table and record["id"] == own_id)
    }


def free_url(state: StoreState, base: str) -> Record:
    """`{url, is_customized: false}`: `base` (a `/path/`), or `base` with -1, -2... if taken."""
    taken = _taken(state, None, None)
    stem = base.rstrip("/")
    url, n = f"{stem}/", 1
    while url.casefold() in taken:
        url, n = f"{stem}-{n}/", n + 1
    return {"url": url, "is_customized": False}


def generated(state: StoreState, name: str, parent_url: str = "/") -> Record:
    """The URL generated from a name, under a parent path (categories nest)."""
    return free_url(state, f"{parent_url.rstrip('/')}/{slug(name)}/")


def requested(state: StoreState, raw: Any, table: str, own_id: int | None) -> Record:
    """The `custom_url` a client sent, validated; 409 when another resource has it."""
    if not isinstance(raw, dict) or not isinstance(raw.get("url"), str) or not raw["url"]:
        raise invalid("custom_url", "custom_url needs a url (1 to 255 characters)")
    url = raw["url"]
    if len(url) > 255:
        raise invalid("custom_url", "custom_url needs a url (1 to 255 characters)")
    if url.casefold() in _taken(state, table, own_id):
        raise conflict(f"The URL {url} is already in use", "custom_url")
    return {"url": url, "is_customized": bool(raw.get("is_customized", True))}
