"""What the register, run and resource pages show (pure), with the CLI's status and duration."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from storebridge_console.formatting import duration, utc_ms
from storebridge_shared.activity import (
    COUNTERS,
    ResourceQuery,
    ResourceState,
    RunRecord,
    run_duration,
    run_status,
)


def run_row(run: RunRecord, now_ms: int) -> dict[str, Any]:
    """One run as a table row."""
    return {
        "run_id": run.run_id,
        "kind": run.kind,
        "destination": run.destination,
        "started": utc_ms(run.started_ms),
        "duration": duration(run_duration(run) / 1000),
        "status": run_status(run, now_ms),
        "counters": [run.counters[name] for name in COUNTERS],
        "api_calls": run.api_calls,
        "note": run.note,
    }


def runs_view(by_destination: Mapping[str, Sequence[RunRecord]], now_ms: int) -> dict[str, Any]:
    """The register: per destination its latest runs, newest first."""
    return {
        "counters": COUNTERS,
        "destinations": [
            {"name": name, "runs": [run_row(run, now_ms) for run in runs]}
            for name, runs in sorted(by_destination.items())
        ],
    }


def item_row(state: ResourceState) -> dict[str, Any]:
    """One resource's outcome as a table row."""
    return {
        "resource_type": state.resource_type,
        "source_id": state.source_id,
        "sku": state.sku,
        "destination": state.destination,
        "status": state.status,
        "at": utc_ms(state.at_ms),
        "target_id": "" if state.target_id is None else state.target_id,
        "reason": state.reason,
        "run_id": state.run_id,
        "lookup": f"{state.resource_type}={state.source_id}",
    }


def run_view(
    run: RunRecord, items: Sequence[ResourceState], now_ms: int, limit: int
) -> dict[str, Any]:
    """One run and its items, failures first."""
    ordered = sorted(items, key=lambda s: (s.status != "failed", s.resource_type, s.source_id))
    return {
        "counters": COUNTERS,
        "run": run_row(run, now_ms),
        "items": [item_row(state) for state in ordered],
        "truncated": len(items) >= limit,
    }


def resource_view(
    query: ResourceQuery, states: Sequence[ResourceState], resynced: str, published: bool
) -> dict[str, Any]:
    """The lookup form, what was asked, its last syncs and what can be resynced."""
    asked = (
        f"SKU {query.sku}"
        if query.sku is not None
        else f"product {query.product_id}"
        if query.product_id is not None
        else f"category {query.category_id}"
        if query.category_id is not None
        else ""
    )
    targets = sorted({(s.resource_type, s.source_id) for s in states})
    if not targets and query.product_id is not None:
        targets = [("product", str(query.product_id))]
    if not targets and query.category_id is not None:
        targets = [("category", str(query.category_id))]
    return {
        "query": {
            "sku": query.sku or "",
            "product": query.product_id or "",
            "category": query.category_id or "",
        },
        "asked": asked,
        "states": [item_row(state) for state in states],
        "resync_targets": [{"kind": kind, "id": ident} for kind, ident in targets],
        "resynced": resynced,
        "published": published,
    }
