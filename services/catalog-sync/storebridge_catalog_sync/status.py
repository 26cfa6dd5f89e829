"""Status queries of the catalog sync: the latest runs and the last sync of one resource.

`catalog_status` reads; `runs_table` and `resource_lines` format (pure), so the CLI only prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from storebridge_catalog_sync.store.runs import (
    COUNTERS,
    ResourceState,
    ResourceStatusStore,
    RunRecord,
    RunStore,
)
from storebridge_shared.store.client import Database

LATEST_RUNS = 19
HOUR_MS = 3_600_000


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


async def latest_runs(db: Database, limit: int = LATEST_RUNS) -> list[RunRecord]:
    """The most recently started runs, newest first."""
    return await RunStore(db).latest(limit)


async def resource_status(db: Database, query: ResourceQuery) -> list[ResourceState]:
    """The last sync outcome of the asked resource in each destination."""
    store = ResourceStatusStore(db)
    if query.sku is not None:
        return await store.by_sku(query.sku)
    if query.product_id is not None:
        return await store.by_id("product", str(query.product_id))
    if query.category_id is not None:
        return await store.by_id("category", str(query.category_id))
    return []


def _time(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%d %H:%M:%S")


def _duration(ms: int) -> str:
    seconds = max(0, ms) // 1000
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


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


HEADER = ("kind", "destination", "started (UTC)", "duration", "status", *COUNTERS, "API calls")

NOTES = (
    "events: one row per destination and UTC hour (an hourly bucket) sums every event-driven "
    "sync of that hour; its duration is first to last sync.",
    "API calls: BigCommerce calls, destination and source reads, as in each catalog.synced "
    "log line (api_calls).",
)


def started(run: RunRecord) -> str:
    """When a backfill started, or which hour an hourly bucket of event-driven syncs covers."""
    if run.kind != "events":
        return _time(run.started_ms)
    hour = datetime.fromtimestamp(run.started_ms / 1000, UTC).replace(minute=0, second=0)
    return f"{hour:%Y-%m-%d %H:%M}-{hour + timedelta(hours=1):%H:%M} hour"


def runs_table(runs: Sequence[RunRecord], now_ms: int) -> list[str]:
    """The runs as an aligned text table, newest first, then what its figures mean."""
    if not runs:
        return ["no sync runs recorded yet"]
    rows = [HEADER] + [
        (
            run.kind,
            run.destination,
            started(run),
            _duration(run_duration(run)),
            run_status(run, now_ms),
            *(str(run.counters[name]) for name in COUNTERS),
            str(run.api_calls),
        )
        for run in runs
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    numeric = range(5, len(HEADER))
    table = [
        "  ".join(
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ).rstrip()
        for row in rows
    ]
    return [*table, "", *NOTES]


def resource_lines(query: ResourceQuery, states: Sequence[ResourceState]) -> list[str]:
    """One line per destination: status, when, destination id, reason."""
    asked = (
        f"SKU {query.sku}"
        if query.sku is not None
        else f"product {query.product_id}"
        if query.product_id is not None
        else f"category {query.category_id}"
    )
    if not states:
        return [f"{asked}: never synced"]
    lines = []
    for state in states:
        line = f"{state.resource_type} {state.source_id}"
        line += f" (SKU {state.sku})" if state.sku else ""
        line += f" -> {state.destination}: {state.status} at {_time(state.at_ms)} UTC"
        line += f", destination id {state.target_id}" if state.target_id is not None else ""
        line += f" ({state.run_id})" if state.run_id else ""
        line += f": {state.reason}" if state.reason else ""
        lines.append(line)
    return lines
