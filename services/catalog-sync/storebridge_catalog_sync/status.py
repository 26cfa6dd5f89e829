"""The activity register as text for `storebridge status`: the runs table and one resource's lines.

Pure formatting; the queries and what a run's status and duration are live in
`storebridge_shared.store.register` and `storebridge_shared.records.activity`, shared with the
console.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from storebridge_shared.records.activity import (
    COUNTERS,
    ResourceQuery,
    ResourceState,
    RunRecord,
    run_duration,
    run_status,
)


def _time(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%d %H:%M:%S")


def _duration(ms: int) -> str:
    seconds = max(0, ms) // 1000
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


HEADER = ("kind", "destination", "started (UTC)", "duration", "status", *COUNTERS, "API calls")

NOTES = (
    "events: one row per destination and UTC hour (an hourly bucket) sums every event-driven "
    "sync of that hour; its duration is first to last sync.",
    "API calls: BigCommerce calls, destination and source reads, as in each catalog.synced "
    "log line (api_calls).",
)
RECONCILE_NOTE = (
    "reconcile: one row per pass and destination; found = items it synced, the note says what "
    "and why a pass paused (it resumes next period); the latest quiet pass stands for all."
)


def started(run: RunRecord) -> str:
    """When a backfill started, or which hour an hourly bucket of event-driven syncs covers."""
    if run.kind != "events":
        return _time(run.started_ms)
    hour = datetime.fromtimestamp(run.started_ms / 1000, UTC).replace(minute=0, second=0)
    return f"{hour:%Y-%m-%d %H:%M}-{hour + timedelta(hours=1):%H:%M} hour"


def runs_table(runs: Sequence[RunRecord], now_ms: int) -> list[str]:
    """The runs as an aligned text table, newest first, then what its figures mean; a `note`
    column when a run has one (a reconcile pass: what it found)."""
    if not runs:
        return ["no sync runs recorded yet"]
    noted = any(run.note for run in runs)
    header = (*HEADER, "note") if noted else HEADER
    rows = [header] + [
        (
            run.kind,
            run.destination,
            started(run),
            _duration(run_duration(run)),
            run_status(run, now_ms),
            *(str(run.counters[name]) for name in COUNTERS),
            str(run.api_calls),
            *((run.note[:60],) if noted else ()),
        )
        for run in runs
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    numeric = range(5, len(HEADER))
    table = [
        "  ".join(
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ).rstrip()
        for row in rows
    ]
    reconciled = any(run.kind == "reconcile" for run in runs)
    return [*table, "", *NOTES, *((RECONCILE_NOTE,) if reconciled else ())]


def resource_lines(query: ResourceQuery, states: Sequence[ResourceState]) -> list[str]:
    """One line per destination: status, when, destination id, API calls, reason."""
    asked = query.asked
    if not states:
        return [f"{asked}: never synced"]
    lines = []
    for state in states:
        line = f"{state.resource_type} {state.source_id}"
        line += f" (SKU {state.sku})" if state.sku else ""
        line += f" -> {state.destination}: {state.status} at {_time(state.at_ms)} UTC"
        line += f", destination id {state.target_id}" if state.target_id is not None else ""
        line += f", {state.api_calls} API calls" if state.api_calls is not None else ""
        line += f" ({state.run_id})" if state.run_id else ""
        line += f": {state.reason}" if state.reason else ""
        lines.append(line)
    return lines
