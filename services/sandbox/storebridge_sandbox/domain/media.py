"""Product images (CDN-style URLs, one thumbnail) and custom fields."""

from __future__ import annotations

import posixpath
from urllib.parse import urlparse

from storebridge_sandbox.domain.common import as_object, merge, require
from storebridge_sandbox.errors import invalid, not_found
from storebridge_sandbox.state import Record, StoreState
from storebridge_sandbox.store import Store
from storebridge_sandbox.timefmt import iso, unix

CDN = "https://cdn11.bigcommerce.com"
SIZES = {
    "url_zoom": "1280x1280",
    "url_standard": "500x659",
    "url_thumbnail": "220x290",
    "url_tiny": "60x90",
}
MAX_CUSTOM_FIELDS = 200


def _owned(state: StoreState, table: str, product_id: int, record_id: int, what: str) -> Record:
    state.get("products", product_id, f"Product with id {product_id} not found")
    record = state.table(table).get(record_id)
    if record is None or record["product_id"] != product_id:
        raise not_found(f"{what} with id {record_id} not found")
    return record


def get_image(state: StoreState, product_id: int, image_id: int) -> Record:
    """One image of a product, or 404."""
    return _owned(state, "images", product_id, image_id, "Image")


def _cdn_urls(store_hash: str, product_id: int, image_id: int, source: str) -> Record:
    name = posixpath.basename(urlparse(source).path) or "image.jpg"
    stem, ext = posixpath.splitext(name)
    file = f"{stem}__{unix()}{ext or '.jpg'}"
    base = f"{CDN}/s-{store_hash}/images/stencil"
    urls = {
        k: f"{base}/{size}/products/{product_id}/{image_id}/{file}" for k, size in SIZES.items()
    }
    urls["url_tiny"] = f"{base}/60x90/products/{product_id}/{image_id}/{file}"
    return urls


def _set_thumbnail(state: StoreState, product_id: int, image: Record) -> None:
    for other in state.children("images", "product_id", product_id):
        other["is_thumbnail"] = other is image


def add_image(state: StoreState, product_id: int, body: object) -> Record:
    """Validate and store an image (no event); a lone image becomes the thumbnail."""
    data = as_object(body)
    require(data, ["image_url"])
    if len(str(data["image_url"])) > 255:
        raise invalid("image_url", "image_url is longer than 255 characters")
    state.get("products", product_id, f"Product with id {product_id} not found")
    image_id = state.next_id("images")
    image: Record = {
        "id": image_id,
        "product_id": product_id,
        "is_thumbnail": bool(data.get("is_thumbnail", False)),
        "sort_order": int(data.get("sort_order", 0)),
        "description": data.get("description", ""),
        "image_url": data["image_url"],
        **_cdn_urls(state.store_hash, product_id, image_id, str(data["image_url"])),
        "date_modified": iso(),
    }
    state.table("images")[image_id] = image
    siblings = state.children("images", "product_id", product_id)
    if image["is_thumbnail"] or len(siblings) == 1:
        _set_thumbnail(state, product_id, image)
    return image


def create_image(store: Store, product_id: int, body: object) -> Record:
    """Create an image; the quirk: store/product/updated is delivered twice (same hash)."""
    image = add_image(store.state, product_id, body)
    store.emit("store/product/updated", {"type": "product", "id": product_id}, copies=2)
    return image


def update_image(store: Store, product_id: int, image_id: int, body: object) -> Record:
    """Partially update an image; only making it the thumbnail fires store/product/updated."""
    data = as_object(body)
    image = get_image(store.state, product_id, image_id)
    merge(image, data, ("sort_order", "description", "image_url"))
    if "image_url" in data:
        image.update(_cdn_urls(store.store_hash, product_id, image_id, str(data["image_url"])))
    if data.get("is_thumbnail") is True and not image["is_thumbnail"]:
        _set_thumbnail(store.state, product_id, image)
        store.emit("store/product/updated", {"type": "product", "id": product_id})
    image["date_modified"] = iso()
    return image


def delete_image(store: Store, product_id: int, image_id: int) -> None:
    """Delete an image (fires nothing); the next image inherits the thumbnail."""
    image = get_image(store.state, product_id, image_id)
    del store.state.table("images")[image_id]
    rest = store.state.children("images", "product_id", product_id)
    if image["is_thumbnail"] and rest:
        _set_thumbnail(store.state, product_id, rest[0])


def get_custom_field(state: StoreState, product_id: int, field_id: int) -> Record:
    """One custom field of a product, or 404."""
    return _owned(state, "custom_fields", product_id, field_id, "Custom field")


def add_custom_field(state: StoreState, product_id: int, body: object) -> Record:
    """Create a custom field (name and value required, 1-250 chars)."""
    data = as_object(body)
    require(data, ["name", "value"])
    for key in ("name", "value"):
        if len(str(data[key])) > 250:
            raise invalid(key, f"{key} is longer than 250 characters")
    state.get("products", product_id, f"Product with id {product_id} not found")
    if len(state.children("custom_fields", "product_id", product_id)) >= MAX_CUSTOM_FIELDS:
        raise invalid("custom_fields", f"A product holds at most {MAX_CUSTOM_FIELDS} fields")
    record: Record = {
        "id": state.next_id("custom_fields"),
        "product_id": product_id,
        "name": str(data["name"]),
        "value": str(data["value"]),
    }
    state.table("custom_fields")[record["id"]] = record
    return record


def update_custom_field(state: StoreState, product_id: int, field_id: int, body: object) -> Record:
    """Partially update a custom field."""
    record = get_custom_field(state, product_id, field_id)
    merge(record, as_object(body), ("name", "value"))
    return record


def delete_custom_field(state: StoreState, product_id: int, field_id: int) -> None:
    """Delete a custom field."""
    get_custom_field(state, product_id, field_id)
    del state.table("custom_fields")[field_id]


def public_custom_field(record: Record) -> Record:
    """`{id, name, value}` as the API shows it."""
    return {"id": record["id"], "name": record["name"], "value": record["value"]}
