"""What a sync needs: the source client and the destinations (client, links, channel, policy).

What it reports is in `outcomes.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storebridge_catalog_sync.linking import Links
from storebridge_catalog_sync.outcomes import DeletePolicy, OutcomeHook, SyncOutcome
from storebridge_shared.bigcommerce import BigCommerceClient


@dataclass
class Destination:
    """One destination store: its client, links, channel on the source, and delete policy."""

    name: str
    client: BigCommerceClient
    links: Links
    channel_id: int | None = None
    delete_policy: DeletePolicy = DeletePolicy.IGNORE

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
