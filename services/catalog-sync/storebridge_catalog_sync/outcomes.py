"""What a catalog sync reports, and the delete policy it follows (pure: no I/O)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from storebridge_shared.bigcommerce.errors import BigCommerceError


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
    uncertain: int = 0
    """Writes sent that got no answer (B may still apply them): the resource is checked again."""


@dataclass(frozen=True)
class SyncOutcome:
    """Result of syncing one source resource into every destination."""

    kind: str
    source_id: int
    results: tuple[DestinationResult, ...]
    source_calls: int = 0
    sku: str = ""
    changed_at: str | None = None
    """The source's `date_modified` as read for this sync (None: unknown, or gone from A)."""

    @property
    def in_sync(self) -> bool:
        """True when no destination failed."""
        return all(r.status is not Status.FAILED for r in self.results)

    @property
    def uncertain(self) -> bool:
        """True when a destination sent a write whose outcome is unknown."""
        return any(r.uncertain for r in self.results)

    @property
    def api_calls(self) -> int:
        """Calls to the source and every destination."""
        return self.source_calls + sum(r.api_calls for r in self.results)

    def calls_per_destination(self) -> list[int]:
        """The API calls of each result, in order: its own calls in the destination plus its
        share of the source reads (spread so that they add up to `api_calls`). The one count
        the `catalog.synced` log line and the run register (`storebridge status`) both use."""
        share, left = divmod(self.source_calls, max(1, len(self.results)))
        return [
            result.api_calls + share + (1 if index < left else 0)
            for index, result in enumerate(self.results)
        ]


HELD = (Status.CREATED, Status.UPDATED, Status.UNCHANGED)
"""Results after which the destination holds the resource (its metafields follow)."""


def written_status(*, created: bool, wrote: bool) -> Status:
    """A held resource's status: created, else updated when this sync wrote, else unchanged."""
    if created:
        return Status.CREATED
    return Status.UPDATED if wrote else Status.UNCHANGED


def after_metafields(result: DestinationResult, *, wrote: bool) -> DestinationResult:
    """An unchanged result becomes updated when syncing its metafields wrote."""
    if result.status is Status.UNCHANGED and wrote:
        return replace(result, status=Status.UPDATED)
    return result


def failed_result(destination: str, error: BigCommerceError) -> DestinationResult:
    """A destination's result when BigCommerce failed: `permanent` when a retry cannot help."""
    reason = f"{type(error).__name__} {error.status}: {error}"[:500]
    return DestinationResult(destination, Status.FAILED, reason, permanent=not error.transient)


ProductOutcome = SyncOutcome
CategoryOutcome = SyncOutcome

OutcomeHook = Callable[[SyncOutcome], Awaitable[None]]
"""Called once per finished sync (the activity register counts them)."""
