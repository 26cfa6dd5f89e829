"""Categories of the default tree: sibling-unique names, depth limit, no delete while in use."""

from __future__ import annotations

from storebridge_sandbox.domain.common import as_object, merge, require, same_text
from storebridge_sandbox.domain.metafields import drop_for
from storebridge_sandbox.domain.urls import generated, requested
from storebridge_sandbox.errors import ApiError, conflict, invalid
from storebridge_sandbox.state import Record, StoreState
from storebridge_sandbox.store import Store

MAX_DEPTH = 8
WRITABLE = (
    "parent_id",
    "name",
    "description",
    "views",
    "sort_order",
    "page_title",
    "search_keywords",
    "meta_keywords",
    "meta_description",
    "layout_file",
    "is_visible",
    "default_product_sort",
    "image_url",
    "custom_url",
)


def _depth(state: StoreState, parent_id: int) -> int:
    depth = 0
    while parent_id:
        depth += 1
        parent_id = state.table("categories")[parent_id]["parent_id"]
    return depth


def _check_place(state: StoreState, parent_id: int, name: str, own_id: int | None) -> None:
    if parent_id and parent_id not in state.table("categories"):
        raise invalid("parent_id", f"Parent category {parent_id} does not exist")
    if parent_id and own_id is not None and parent_id == own_id:
        raise invalid("parent_id", "A category cannot be its own parent")
    if _depth(state, parent_id) >= MAX_DEPTH:
        raise invalid("parent_id", f"Categories can be nested at most {MAX_DEPTH} levels deep")
    for sibling in state.children("categories", "parent_id", parent_id):
        if sibling["id"] != own_id and same_text(sibling["name"], name):
            raise conflict(f"Category '{name}' already exists under this parent", "name")


def _url(state: StoreState, data: Record, own_id: int | None) -> Record:
    """The requested URL (409 when taken), or one generated under the parent's URL."""
    if "custom_url" in data:
        return requested(state, data["custom_url"], "categories", own_id)
    parent = state.table("categories").get(int(data["parent_id"]))
    return generated(state, str(data["name"]), parent["custom_url"]["url"] if parent else "/")


def create_category(store: Store, body: object, record_id: int | None = None) -> Record:
    """Create a category (name and parent_id required) and fire store/category/created."""
    data = as_object(body)
    require(data, ["name", "parent_id"])
    state = store.state
    _check_place(state, int(data["parent_id"]), data["name"], None)
    category: Record = {
        "id": state.next_id("categories", record_id),
        "parent_id": 0,
        "name": "",
        "description": "",
        "views": 0,
        "sort_order": 0,
        "page_title": "",
        "search_keywords": "",
        "meta_keywords": [],
        "meta_description": "",
        "layout_file": "category.html",
        "is_visible": True,
        "default_product_sort": "use_store_settings",
        "image_url": "",
        "custom_url": _url(state, data, None),
    }
    merge(category, {k: v for k, v in data.items() if k != "custom_url"}, WRITABLE)
    state.table("categories")[category["id"]] = category
    store.emit("store/category/created", {"type": "category", "id": category["id"]})
    return category


def update_category(store: Store, category_id: int, body: object) -> Record:
    """Partially update a category and fire store/category/updated."""
    data = as_object(body)
    category = store.state.get("categories", category_id, "Category not found")
    parent_id = int(data.get("parent_id", category["parent_id"]) or 0)
    _check_place(store.state, parent_id, str(data.get("name", category["name"])), category_id)
    if "custom_url" in data:
        data = {**data, "custom_url": _url(store.state, data, category_id)}
    merge(category, data, WRITABLE)
    store.emit("store/category/updated", {"type": "category", "id": category_id})
    return category


def _subtree(state: StoreState, category_id: int) -> list[int]:
    ids = [category_id]
    for child in state.children("categories", "parent_id", category_id):
        ids.extend(_subtree(state, child["id"]))
    return ids


def delete_category(store: Store, category_id: int) -> None:
    """Delete a category with its sub-categories; 422 while any of them holds products."""
    state = store.state
    state.get("categories", category_id, "Category not found")
    doomed = _subtree(state, category_id)
    if any(set(doomed) & set(p["categories"]) for p in state.rows("products")):
        raise ApiError(
            422,
            "Category has products assigned",
            {"id": f"Category {category_id} still has products; move them first"},
        )
    drop_for(state, "category", set(doomed))
    for doomed_id in reversed(doomed):
        del state.table("categories")[doomed_id]
        store.emit("store/category/deleted", {"type": "category", "id": doomed_id})
