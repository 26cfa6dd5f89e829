"""What a sync needs (source client, destinations, links, settings) and what it reports."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from storebridge_catalog_sync.store.links import Link, LinkKind
from storebridge_shared.bigcommerce import BigCommerceClient


class DeletePolicy(StrEnum):
    """What a deletion in the source does to a destination."""

    IGNORE = "ignore"
    DISABLE = "disable"
    DELETE = "delete"


class Status(StrEnum):
    """Result of syncing one resource into one destination."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    FAILED = "failed"
    DELETED = "deleted"
    DISABLED = "disabled"


class Links(Protocol):
    """Id links of one (source, destination) pair (`storebridge_catalog_sync.store.links`)."""

    async def get(self, kind: LinkKind, source_id: int) -> Link | None:
        """The link of one source id, or None."""

    async def many(self, kind: LinkKind, source_ids: Iterable[int]) -> dict[int, Link]:
        """Links of several source ids of one kind."""

    async def put(self, kind: LinkKind, source_id: int, destination_id: int, key: str = "") -> None:
        """Create or replace one link."""

    async def drop(self, kind: LinkKind, source_id: int) -> None:
        """Forget one link."""


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


@dataclass(frozen=True)
class DestinationResult:
    """What one sync did in one destination."""

    destination: str
    status: Status
    reason: str = ""
    destination_id: int | None = None
    api_calls: int = 0
    writes: int = 0
    permanent: bool = False


@dataclass(frozen=True)
class SyncOutcome:
    """Result of syncing one source resource into every destination."""

    kind: str
    source_id: int
    results: tuple[DestinationResult, ...]
    source_calls: int = 0
    sku: str = ""

    @property
    def in_sync(self) -> bool:
        """True when no destination failed."""
        return all(r.status is not Status.FAILED for r in self.results)

    @property
    def api_calls(self) -> int:
        """Calls to the source and every destination."""
        return self.source_calls + sum(r.api_calls for r in self.results)


ProductOutcome = SyncOutcome
CategoryOutcome = SyncOutcome

OutcomeHook = Callable[[SyncOutcome], Awaitable[None]]
"""Called once per finished sync (the activity register counts them)."""


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
