"""A product's brand in B (pure): linked by A's brand id, found by name, or created; renamed
and given A's image when A's brand changed.

BigCommerce sends no webhook for a brand edit, so A's brand is read on every product sync; the
link's key records A's brand as it was last written to B (`brand_key`), and B's brand is read
and written only when A's differs from that, or when there is no link yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storebridge_catalog_sync.linking import Link, LinkKind
from storebridge_catalog_sync.mapping import changes, copied_url
from storebridge_catalog_sync.planning.matching import fold
from storebridge_catalog_sync.planning.steps import Fields
from storebridge_shared.bigcommerce.models import Brand

BRAND_FIELDS: tuple[str, ...] = (
    "name",
    "image_url",
    "page_title",
    "meta_keywords",
    "meta_description",
    "search_keywords",
)
"""Brand fields copied to B (`custom_url` too when the destination copies A's URLs)."""


@dataclass(frozen=True)
class CreateBrand:
    """Create the brand in B (a 409 means it exists by name: found and linked instead)."""

    source_id: int
    name: str
    fields: Fields
    key: str


@dataclass(frozen=True)
class UpdateBrand:
    """Bring B's brand to A's (a rename, a new image)."""

    brand_id: int
    fields: Fields


BrandStep = CreateBrand | UpdateBrand | Link


@dataclass(frozen=True)
class BrandPlan:
    """B's brand id for A's (0 until `CreateBrand` made it) and the steps to get there."""

    brand_id: int
    steps: tuple[BrandStep, ...] = ()


def _url(brand: Brand, copy_custom_url: bool) -> dict[str, Any] | None:
    return copied_url(brand.custom_url) if copy_custom_url else None


def brand_key(brand: Brand, copy_custom_url: bool = False) -> str:
    """What of A's brand the link remembers: its name and image (and URL, when copied) as last
    written to B."""
    url = _url(brand, copy_custom_url)
    parts = [brand.name, brand.image_url, url["url"] if url else ""]
    while len(parts) > 1 and not parts[-1]:
        parts.pop()
    return "\n".join(parts)


def desired_brand(brand: Brand, copy_custom_url: bool = False) -> dict[str, Any]:
    """B's brand fields wanted for A's."""
    desired = {f: brand.get(f) for f in BRAND_FIELDS if brand.has(f)}
    if url := _url(brand, copy_custom_url):
        desired["custom_url"] = url
    return desired


def needs_destination(
    source: Brand, link: tuple[int, str] | None, copy_custom_url: bool = False
) -> bool:
    """True when B's brand must be read: no link, or A's brand changed since it was written."""
    return link is None or link[1] != brand_key(source, copy_custom_url)


def plan_brand(
    source: Brand | None,
    link: tuple[int, str] | None,
    linked: Brand | None = None,
    named: Brand | None = None,
    *,
    copy_custom_url: bool = False,
) -> BrandPlan:
    """Resolve A's brand in B. `linked`: B's brand of the link (None: no link, or gone from B);
    `named`: B's brand with A's name (read when there is no linked brand or it has another
    name). A rename in A renames B's linked brand, unless B already has a brand of the new name:
    the link then moves to that one (B refuses two brands of one name)."""
    if source is None:
        return BrandPlan(0)
    key = brand_key(source, copy_custom_url)
    if link is not None and link[1] == key:
        return BrandPlan(link[0])
    target = linked
    if named is not None and (target is None or fold(target.name) != fold(source.name)):
        target = named
    desired = desired_brand(source, copy_custom_url)
    if target is None:
        fields = {k: v for k, v in desired.items() if k != "name"}
        return BrandPlan(0, (CreateBrand(source.id, source.name, fields, key),))
    steps: list[BrandStep] = []
    diff = changes(target.sent(), desired)
    if diff:
        steps.append(UpdateBrand(target.id, diff))
    steps.append(Link(LinkKind.BRAND, source.id, target.id, key))
    return BrandPlan(target.id, tuple(steps))
