"""What a sync needs: the source client and the destinations (client, links, channel, policy).

What it reports is in `outcomes.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storebridge_catalog_sync.linking import Link, Links
from storebridge_catalog_sync.outcomes import (
    DeletePolicy,
    DestinationResult,
    OutcomeHook,
    Status,
    SyncOutcome,
)
from storebridge_catalog_sync.planning.rules.config import NO_RULES, DestinationRules
from storebridge_shared.bigcommerce import BigCommerceClient


@dataclass
class Destination:
    """One destination store: its client, links, channel on the source, and delete policy."""

    name: str
    client: BigCommerceClient
    links: Links
    channel_id: int | None = None
    delete_policy: DeletePolicy = DeletePolicy.IGNORE
    copy_custom_url: bool = False
    """`CATALOG_CUSTOM_URL=copy`: products, categories and brands get A's storefront URLs, else
    B generates its own."""
    mirror_inventory: bool = False
    """`CATALOG_INVENTORY=mirror`: A's stock is copied on every sync, else B's own after create."""
    rules: DestinationRules = NO_RULES
    """What this destination gets and at which price (`planning.rules`)."""

    @property
    def store_hash(self) -> str:
        """The destination store's hash."""
        return self.client.store.store_hash


async def _ignore(_: SyncOutcome) -> None:
    return None


@dataclass
class SyncContext:
    """Everything `sync_product` / `sync_category` use; built once by the composition root."""

    source: BigCommerceClient
    destinations: list[Destination]
    source_channel_rule: bool = False
    on_outcome: OutcomeHook = _ignore
    calls: dict[str, int] = field(default_factory=dict)

    @property
    def source_hash(self) -> str:
        """The source store's hash."""
        return self.source.store.store_hash


def delete_target(
    dest: Destination, link: Link | None, why: str = "deleted in source"
) -> int | DestinationResult:
    """The destination id a source delete applies to, or the `skipped` result when it leaves
    `dest` alone (policy ignore, or the resource was never synced there)."""
    if dest.delete_policy is DeletePolicy.IGNORE or link is None:
        reason = f"{why}; " + ("policy ignore" if link else "never synced")
        return DestinationResult(dest.name, Status.SKIPPED, reason)
    return link.destination_id
