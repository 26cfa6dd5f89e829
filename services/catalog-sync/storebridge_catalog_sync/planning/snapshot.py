"""What the planner decides from (pure data): A's product as read now, B's linked product, the
links, and the destination's rules. Read once per sync by `storebridge_catalog_sync.reading`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from storebridge_catalog_sync.planning.metafields import ProductMetafields
from storebridge_catalog_sync.planning.rules.config import NO_RULES, DestinationRules
from storebridge_shared.bigcommerce.models import Product

LinkedIds = Mapping[int, tuple[int, str]]
"""A's id -> (B's id, the natural key it was linked with: SKU, source URL)."""


@dataclass(frozen=True)
class SourceSnapshot:
    """A's product with variants, images, custom fields and options; its listing state on the
    destination's channel when the channel rule is on; its and its variants' metafields (None:
    not read, B's are left as they are)."""

    product: Product
    listing_state: str | None = None
    metafields: ProductMetafields | None = None


@dataclass(frozen=True)
class DestinationSnapshot:
    """B's product (None: not there yet), A's brand and categories resolved to B's ids, the
    variant, image and variant-image links of A's records, and B's metafields."""

    product: Product | None
    brand_id: int = 0
    category_ids: tuple[int, ...] = ()
    variant_links: LinkedIds = field(default_factory=dict)
    image_links: LinkedIds = field(default_factory=dict)
    variant_image_links: LinkedIds = field(default_factory=dict)
    metafields: ProductMetafields = field(default_factory=ProductMetafields)
    """B's product and variant metafields (read when A's were)."""


@dataclass(frozen=True)
class Rules:
    """A destination's settings the plan depends on."""

    channel_rule: bool = False
    copy_custom_url: bool = False
    mirror_inventory: bool = False
    destination: DestinationRules = NO_RULES
    """The destination's own rules (scope, fields, prices, stock, availability: `rules`)."""

    def mirrors(self, source: Product, tracking: str) -> bool:
        """True when A's stock at this level (`product` or `variant`) is copied to B."""
        return self.mirror_inventory and source.inventory_tracking == tracking
