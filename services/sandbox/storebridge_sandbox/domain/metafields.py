"""Metafields of products, variants, categories and brands, owned by the API client that made
them: unique per (client, namespace, key, resource); `app_only` ones are private to their owner."""

from __future__ import annotations

from storebridge_sandbox.domain.common import as_object, merge, one_of, require
from storebridge_sandbox.errors import ApiError, conflict, invalid, not_found
from storebridge_sandbox.state import Record, StoreState
from storebridge_sandbox.store import Store
from storebridge_sandbox.timefmt import iso

PERMISSIONS = ("app_only", "read", "write", "read_and_sf_access", "write_and_sf_access")
SHARED_WRITE = ("write", "write_and_sf_access")
OWNER_ONLY = ("namespace", "key", "permission_set")
MAX_PER_CLIENT = 250
SCOPES = {
    "product": "store/product/metafield",
    "variant": "store/product/variant/metafield",
    "category": "store/category/metafield",
    "brand": "store/brand/metafield",
}
_LIMITS = {"namespace": 64, "key": 64, "value": 65535, "description": 255}


def visible(metafield: Record, client_id: str) -> bool:
    """Whether this client may read the metafield: its owner, or anyone unless `app_only`."""
    return bool(
        metafield["owner_client_id"] == client_id or metafield["permission_set"] != "app_only"
    )


def of_resource(state: StoreState, kind: str, resource_id: int, client_id: str) -> list[Record]:
    """The metafields of one resource this client may see, in id order."""
    return [
        m
        for m in state.rows("metafields")
        if m["resource_type"] == kind and m["resource_id"] == resource_id and visible(m, client_id)
    ]


def of_kind(state: StoreState, kind: str, client_id: str) -> list[Record]:
    """Every metafield of one resource type (product, variant, ...) this client may see, in id
    order (the store-wide listings)."""
    rows = state.rows("metafields")
    return [m for m in rows if m["resource_type"] == kind and visible(m, client_id)]


def get_metafield(
    state: StoreState, kind: str, resource_id: int, metafield_id: int, client_id: str
) -> Record:
    """One visible metafield of a resource, or 404."""
    found = state.table("metafields").get(metafield_id)
    if found is None or (found["resource_type"], found["resource_id"]) != (kind, resource_id):
        raise not_found(f"Metafield with id {metafield_id} not found")
    if not visible(found, client_id):
        raise not_found(f"Metafield with id {metafield_id} not found")
    return found


def _validate(data: Record) -> None:
    one_of(data, "permission_set", PERMISSIONS)
    for field, limit in _LIMITS.items():
        if field not in data:
            continue
        if not isinstance(data[field], str):
            raise invalid(field, f"{field} must be a string")
        if len(data[field]) > limit or (field != "description" and not data[field]):
            raise invalid(field, f"{field} must be 1 to {limit} characters")


def _check_unique(state: StoreState, candidate: Record) -> None:
    mine = [
        m
        for m in state.rows("metafields")
        if m["owner_client_id"] == candidate["owner_client_id"]
        and (m["resource_type"], m["resource_id"])
        == (candidate["resource_type"], candidate["resource_id"])
        and m["id"] != candidate.get("id")
    ]
    if any((m["namespace"], m["key"]) == (candidate["namespace"], candidate["key"]) for m in mine):
        raise conflict(
            f"A metafield with namespace '{candidate['namespace']}' and key "
            f"'{candidate['key']}' already exists on this {candidate['resource_type']}",
            "key",
        )
    if candidate.get("id") is None and len(mine) >= MAX_PER_CLIENT:
        raise invalid("metafields", f"At most {MAX_PER_CLIENT} metafields per resource and client")


def _emit(store: Store, action: str, metafield: Record) -> None:
    data = {
        "metafield_id": metafield["id"],
        "resource_id": str(metafield["resource_id"]),
        "resource_type": metafield["resource_type"],
    }
    store.emit(f"store/metafield/{action}", data)
    store.emit(f"{SCOPES[metafield['resource_type']]}/{action}", data)


def create_metafield(
    store: Store, kind: str, resource_id: int, client_id: str, body: object
) -> Record:
    """Create a metafield owned by the calling client; fires store/metafield/created."""
    data = as_object(body)
    require(data, ["permission_set", "namespace", "key", "value"])
    _validate(data)
    now = iso()
    metafield: Record = {
        "id": None,
        "key": data["key"],
        "value": data["value"],
        "namespace": data["namespace"],
        "permission_set": data["permission_set"],
        "resource_type": kind,
        "resource_id": resource_id,
        "description": data.get("description", ""),
        "owner_client_id": client_id,
        "date_created": now,
        "date_modified": now,
    }
    _check_unique(store.state, metafield)
    metafield["id"] = store.state.next_id("metafields")
    store.state.table("metafields")[metafield["id"]] = metafield
    _emit(store, "created", metafield)
    return metafield


def _check_write(metafield: Record, client_id: str, data: Record) -> None:
    if metafield["owner_client_id"] == client_id:
        return
    if metafield["permission_set"] not in SHARED_WRITE or any(f in data for f in OWNER_ONLY):
        raise ApiError(403, "You do not have permission to modify this metafield")


def update_metafield(store: Store, metafield: Record, client_id: str, body: object) -> Record:
    """Partially update a metafield; others may change only the value of a `write` one."""
    data = as_object(body)
    _validate(data)
    _check_write(metafield, client_id, data)
    candidate = {**metafield, **{k: data[k] for k in (*OWNER_ONLY, "value") if k in data}}
    _check_unique(store.state, candidate)
    merge(metafield, data, (*OWNER_ONLY, "value", "description"))
    metafield["date_modified"] = iso()
    _emit(store, "updated", metafield)
    return metafield


def delete_metafield(store: Store, metafield: Record, client_id: str) -> None:
    """Delete a metafield (its owner, anyone for a `write` one); fires store/metafield/deleted."""
    _check_write(metafield, client_id, {})
    del store.state.table("metafields")[metafield["id"]]
    _emit(store, "deleted", metafield)


def drop_for(state: StoreState, kind: str, resource_ids: set[int]) -> None:
    """Remove, silently, the metafields of deleted resources."""
    for metafield in state.rows("metafields"):
        if metafield["resource_type"] == kind and metafield["resource_id"] in resource_ids:
            del state.table("metafields")[metafield["id"]]
