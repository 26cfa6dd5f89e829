"""The activity register's records and what they mean (pure): runs, per-resource outcomes.

Written by catalog-sync (`storebridge_catalog_sync.register`), stored by
`storebridge_shared.store.register`, read by `storebridge status` and the operator console, so
every reader shows the same status and duration for a run.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

COUNTERS = ("created", "updated", "unchanged", "skipped", "failed")
"""The counters every run carries, in display order."""

HOUR_MS = 3_600_000
LATEST_RUNS = 19
"""How many runs the register shows by default (as the Sales Layer connector's tab did)."""


@dataclass(frozen=True)
class RunRecord:
    """One run as stored: times in epoch milliseconds, counters by name."""

    run_id: str
    kind: str
    destination: str
    started_ms: int
    last_ms: int
    finished_ms: int | None
    status: str
    counters: dict[str, int]
    api_calls: int
    busy_ms: int = 0
    note: str = ""
    first_ms: int | None = None
    found: int = 0
    """Items a catalog reconcile pass found changed and synced (0 for other runs)."""


@dataclass(frozen=True)
class ResourceState:
    """The last sync outcome of one source resource in one destination."""

    resource_type: str
    source_id: str
    destination: str
    status: str
    at_ms: int
    run_id: str
    sku: str = ""
    skus: tuple[str, ...] = ()
    target_id: int | None = None
    reason: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    api_calls: int | None = None
    """The BigCommerce calls this sync made for the resource in this destination: its own there
    plus its share of the source reads (`SyncOutcome.calls_per_destination`, which the run adds
    up too). None where not counted per item: a backfill reads A by pages, so only its run
    counts them."""


@dataclass(frozen=True)
class LinkRecord:
    """One catalog id link as stored by catalog-sync: the source resource's id in a destination
    store, and the natural key (SKU, path) it was written with."""

    destination: str
    kind: str
    source_id: int
    destination_id: int
    key: str = ""


@dataclass(frozen=True)
class ResourceQuery:
    """Which resource to show: by product or variant SKU, product id or category id."""

    sku: str | None = None
    product_id: int | None = None
    category_id: int | None = None

    @property
    def empty(self) -> bool:
        """True when no resource was asked for."""
        return self.sku is None and self.product_id is None and self.category_id is None

    @property
    def asked(self) -> str:
        """What was asked, as the status lines and the console say it ("" when nothing)."""
        if self.sku is not None:
            return f"SKU {self.sku}"
        if self.product_id is not None:
            return f"product {self.product_id}"
        if self.category_id is not None:
            return f"category {self.category_id}"
        return ""


def hour_run_id(kind: str, destination: str, at_ms: int) -> str:
    """Key of the run that aggregates `kind` outcomes of `destination` in the hour of `at_ms`."""
    return f"{kind}:{destination}:{at_ms - at_ms % HOUR_MS}"


def run_status(run: RunRecord, now_ms: int) -> str:
    """A run's status; an hourly run is `open` during its hour, then `ok` or `failures`."""
    if run.kind != "events":
        return run.status
    if now_ms < run.started_ms + HOUR_MS:
        return "open"
    return "failures" if run.counters["failed"] else "ok"


def run_duration(run: RunRecord) -> int:
    """Milliseconds: a backfill from start to end (or last progress), an hour first to last sync."""
    if run.kind == "events":
        return run.last_ms - (run.first_ms if run.first_ms is not None else run.started_ms)
    return (run.finished_ms or run.last_ms) - run.started_ms


def run_summary(run: RunRecord, now_ms: int) -> dict[str, Any]:
    """A run as plain data (`storebridge status --json`): the record, its status and duration."""
    return asdict(run) | {"status": run_status(run, now_ms), "duration_ms": run_duration(run)}


def state_summary(state: ResourceState) -> dict[str, Any]:
    """A resource's last outcome as plain data (`storebridge status --json`)."""
    return asdict(state) | {"skus": list(state.skus)}
