"""Channels (storefront 1 always exists) and channel listings."""

from __future__ import annotations

from storebridge_sandbox.domain.common import as_array, as_object, merge, one_of, require
from storebridge_sandbox.errors import ApiError, invalid, not_found
from storebridge_sandbox.state import Record, StoreState
from storebridge_sandbox.timefmt import iso

TYPES = ("storefront", "pos", "marketplace", "marketing")
STATUSES = ("active", "prelaunch", "inactive", "connected", "disconnected", "archived", "deleted")
WRITABLE = (
    "name",
    "type",
    "platform",
    "status",
    "external_id",
    "is_listable_from_ui",
    "is_visible",
    "icon_url",
)
LISTING_STATES = (
    "active",
    "disabled",
    "error",
    "pending",
    "pending_disable",
    "pending_delete",
    "partially_rejected",
    "queued",
    "rejected",
    "submitted",
    "deleted",
)


def create_channel(state: StoreState, body: object, record_id: int | None = None) -> Record:
    """Create a channel (name, type, platform required; `deleted` not allowed)."""
    data = as_object(body)
    require(data, ["name", "type", "platform"])
    one_of(data, "type", TYPES)
    one_of(data, "status", [s for s in STATUSES if s != "deleted"])
    now = iso()
    channel: Record = {
        "id": state.next_id("channels", record_id),
        "name": "",
        "type": "",
        "platform": "",
        "status": "active" if data["type"] == "storefront" else "connected",
        "external_id": "",
        "is_listable_from_ui": True,
        "is_visible": True,
        "icon_url": "",
        "date_created": now,
        "date_modified": now,
    }
    merge(channel, data, WRITABLE)
    channel["is_enabled"] = channel["status"] in ("active", "connected")
    state.table("channels")[channel["id"]] = channel
    return channel


def ensure_storefront(state: StoreState) -> None:
    """Channel 1, the default storefront, always exists."""
    if 1 not in state.table("channels"):
        create_channel(
            state,
            {"name": "Storefront", "type": "storefront", "platform": "bigcommerce"},
            record_id=1,
        )


def update_channel(state: StoreState, channel_id: int, body: object) -> Record:
    """Partially update a channel (`prelaunch` not allowed)."""
    data = as_object(body)
    channel = state.get("channels", channel_id, f"Channel {channel_id} not found")
    one_of(data, "status", [s for s in STATUSES if s != "prelaunch"])
    merge(channel, data, WRITABLE)
    channel["is_enabled"] = channel["status"] in ("active", "connected")
    channel["date_modified"] = iso()
    return channel


def _listing_variant(state: StoreState, channel_id: int, product_id: int, item: object) -> Record:
    data = as_object(item)
    require(data, ["product_id", "variant_id", "state"])
    one_of(data, "state", [s for s in LISTING_STATES if s != "partially_rejected"])
    variant = state.table("variants").get(int(data["variant_id"]))
    if (
        int(data["product_id"]) != product_id
        or variant is None
        or variant["product_id"] != product_id
    ):
        raise invalid("variants", f"Variant {data['variant_id']} is not a variant of {product_id}")
    now = iso()
    return {
        "channel_id": channel_id,
        "product_id": product_id,
        "variant_id": variant["id"],
        "external_id": str(data.get("external_id", "")),
        "state": data["state"],
        "name": str(data.get("name", "")),
        "description": str(data.get("description", "")),
        "date_created": now,
        "date_modified": now,
    }


def create_listings(state: StoreState, channel_id: int, body: object) -> list[Record]:
    """Create listings (each needs product_id, state, variants)."""
    state.get("channels", channel_id, f"Channel {channel_id} not found")
    created = []
    for item in as_array(body):
        require(item, ["product_id", "state", "variants"])
        one_of(item, "state", LISTING_STATES)
        product_id = int(item["product_id"])
        product = state.table("products").get(product_id)
        if product is None:
            raise invalid("product_id", f"Product {product_id} does not exist")
        now = iso()
        listing = {
            "channel_id": channel_id,
            "listing_id": state.next_id("listings"),
            "external_id": str(item.get("external_id", "")),
            "product_id": product_id,
            "state": item["state"],
            "name": str(item.get("name", product["name"])),
            "description": str(item.get("description", "")),
            "date_created": now,
            "date_modified": now,
            "variants": [
                _listing_variant(state, channel_id, product_id, v) for v in item["variants"]
            ],
        }
        state.table("listings")[listing["listing_id"]] = listing
        created.append(listing)
    return created


def _merge_variants(state: StoreState, listing: Record, items: list[object]) -> None:
    for item in items:
        new = _listing_variant(state, listing["channel_id"], listing["product_id"], item)
        old = next((v for v in listing["variants"] if v["variant_id"] == new["variant_id"]), None)
        if old is None:
            listing["variants"].append(new)
        else:
            old.update({k: v for k, v in new.items() if k != "date_created"})


def update_listings(state: StoreState, channel_id: int, body: object) -> list[Record]:
    """Update listings by listing_id; unknown ids are skipped (answered as empty data)."""
    updated = []
    for item in as_array(body):
        require(item, ["listing_id", "product_id", "state", "variants"])
        one_of(item, "state", LISTING_STATES)
        listing = state.table("listings").get(int(item["listing_id"]))
        if listing is None or listing["channel_id"] != channel_id:
            continue
        if int(item["product_id"]) != listing["product_id"]:
            raise ApiError(422, "product_id cannot be changed", {"group_id": "product_id mismatch"})
        merge(listing, item, ("external_id", "state", "name", "description"))
        _merge_variants(state, listing, item["variants"])
        listing["date_modified"] = iso()
        updated.append(listing)
    return updated


def get_listing(state: StoreState, channel_id: int, listing_id: int) -> Record:
    """One listing of a channel, or 404."""
    listing = state.table("listings").get(listing_id)
    if listing is None or listing["channel_id"] != channel_id:
        raise not_found(f"Listing {listing_id} not found")
    return listing
