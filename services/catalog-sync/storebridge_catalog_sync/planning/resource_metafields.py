"""A category's or a brand's metafields in B (pure): A's copied, B's managed only in the
namespaces A has for that category or brand (`planning.metafields` rules)."""

from __future__ import annotations

from collections.abc import Sequence

from storebridge_catalog_sync.planning.metafields import (
    MetafieldStep,
    metafield_steps,
    namespaces,
)
from storebridge_shared.bigcommerce.models import Metafield, Owner


def plan_resource_metafields(
    owner: Owner, source: Sequence[Metafield], current: Sequence[Metafield]
) -> list[MetafieldStep]:
    """The writes that bring B's category or brand (`owner`, B's id) to A's metafields."""
    return metafield_steps(owner, source, current, namespaces(source))


def needs_destination(source: Sequence[Metafield]) -> bool:
    """True when A has a metafield to copy, so B's are worth reading."""
    return bool(namespaces(source))
