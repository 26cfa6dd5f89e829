"""Catalog v3 metafields of a product, variant, category or brand (`.../{id}/metafields`).

A metafield belongs to the API client that made it; what a client can read of another's follows
its `permission_set` (`app_only` ones exist only for their owner).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from storebridge_shared.bigcommerce.api import as_object
from storebridge_shared.bigcommerce.models import Metafield, Owner

if TYPE_CHECKING:
    from storebridge_shared.bigcommerce.client import BigCommerceClient


def metafields_path(owner: Owner) -> str:
    """The metafield collection of a product, a product's variant (`parent`), a category or a
    brand."""
    if owner.product and owner.parent:
        return f"/catalog/products/{owner.product}/variants/{owner.parent}/metafields"
    if owner.product:
        return f"/catalog/products/{owner.product}/metafields"
    if owner.category:
        return f"/catalog/categories/{owner.category}/metafields"
    if owner.brand:
        return f"/catalog/brands/{owner.brand}/metafields"
    raise ValueError(f"a metafield owner names no resource: {owner}")


async def list_metafields(bc: BigCommerceClient, owner: Owner) -> list[Metafield]:
    """The resource's metafields this API client may read (every client's, unless app_only)."""
    return Metafield.parse_all(await bc.v3.collect(metafields_path(owner)))


StoreWide = Literal["products", "variants"]
"""The resource types with a store-wide metafield listing used here."""
BATCH_CREATE = 50
"""Metafields per batch create (BigCommerce documents no maximum: the variant batch's 50)."""


async def list_store_metafields(
    bc: BigCommerceClient, family: StoreWide, *, modified_since: str = ""
) -> list[Metafield]:
    """Every product (or variant) metafield of the store this client may read, all pages of
    250 (`GET /catalog/{products|variants}/metafields`); `resource_id` names the product or the
    variant. `modified_since`: only those modified at or after it (`date_modified:min`)."""
    params = {"date_modified:min": modified_since} if modified_since else None
    return Metafield.parse_all(await bc.v3.collect(f"/catalog/{family}/metafields", params))


async def create_store_metafields(
    bc: BigCommerceClient, family: StoreWide, items: Sequence[Mapping[str, Any]]
) -> list[Metafield]:
    """Create many product (or variant) metafields, each naming its `resource_id`, in chunks of
    `BATCH_CREATE` per `POST /catalog/{products|variants}/metafields`. A chunk with a refused
    item answers 422 (the others of it are made): `ValidationFailed`, the chunks before applied."""
    path = f"/catalog/{family}/metafields"
    made = await bc.v3.batch("POST", path, [dict(i) for i in items], chunk_size=BATCH_CREATE)
    return Metafield.parse_all(made)


async def create_metafield(
    bc: BigCommerceClient, owner: Owner, body: Mapping[str, Any]
) -> Metafield:
    """Create one metafield (namespace, key, value, permission_set; description), owned by this
    client; 409 when this client already has the namespace and key on the resource."""
    return Metafield.parse(as_object(await bc.v3.post(metafields_path(owner), dict(body))))


async def update_metafield(
    bc: BigCommerceClient, owner: Owner, metafield_id: int, body: Mapping[str, Any]
) -> Metafield:
    """Partly update one metafield (another client's only its value and description, and only
    with a `write` permission set: 403 otherwise)."""
    path = f"{metafields_path(owner)}/{metafield_id}"
    return Metafield.parse(as_object(await bc.v3.put(path, dict(body))))


async def delete_metafield(bc: BigCommerceClient, owner: Owner, metafield_id: int) -> None:
    """Delete one metafield."""
    await bc.v3.delete(f"{metafields_path(owner)}/{metafield_id}")
