"""What the register, run and resource pages show (pure), with the CLI's status and duration."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from storebridge_console.event_models import touching_rows
from storebridge_console.formatting import duration, utc_ms
from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.events.lifecycle import EventStatus
from storebridge_shared.records.activity import (
    COUNTERS,
    LinkRecord,
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
        "api_calls": "" if state.api_calls is None else state.api_calls,
        "run_id": state.run_id,
        "lookup": f"{state.resource_type}={state.source_id}",
    }


CATEGORY = "category"
DISABLING = frozenset({"disabled", "deleted"})
"""Outcomes of a category deleted in A (the delete policy): listed apart from the writes."""


def category_row(state: ResourceState, everywhere: Sequence[ResourceState]) -> dict[str, Any]:
    """A category's outcome in the run, with its outcome in each destination (storefront) when
    they differ (status or reason), else the destinations where it is the same."""
    outcomes = {o.destination: o for o in everywhere} | {state.destination: state}
    ordered = [outcomes[name] for name in sorted(outcomes)]
    differ = len({(o.status, o.reason) for o in ordered}) > 1
    return item_row(state) | {
        "per_destination": [
            {
                "destination": o.destination,
                "status": o.status,
                "target_id": "" if o.target_id is None else o.target_id,
                "reason": o.reason,
            }
            for o in ordered
        ]
        if differ
        else [],
        "same_in": [] if differ or len(ordered) < 2 else [o.destination for o in ordered],
    }


def run_view(
    run: RunRecord,
    items: Sequence[ResourceState],
    now_ms: int,
    limit: int,
    categories_everywhere: Sequence[ResourceState] = (),
) -> dict[str, Any]:
    """One run and its items, failures first; its categories apart, those it disabled or
    deleted apart from those it created or updated, each with its outcome per destination
    (`categories_everywhere`: the last outcomes of the run's categories in every destination)."""
    ordered = sorted(items, key=lambda s: (s.status != "failed", s.resource_type, s.source_id))
    by_id: dict[str, list[ResourceState]] = {}
    for other in categories_everywhere:
        by_id.setdefault(other.source_id, []).append(other)
    categories = [
        category_row(state, by_id.get(state.source_id, []))
        for state in ordered
        if state.resource_type == CATEGORY
    ]
    return {
        "counters": COUNTERS,
        "run": run_row(run, now_ms),
        "items": [item_row(state) for state in ordered if state.resource_type != CATEGORY],
        "categories_written": [row for row in categories if row["status"] not in DISABLING],
        "categories_disabled": [row for row in categories if row["status"] in DISABLING],
        "truncated": len(items) >= limit,
    }


def resource_targets(
    query: ResourceQuery, states: Sequence[ResourceState]
) -> list[tuple[str, int]]:
    """The source resources a lookup is about, as (kind, id): those its last syncs name, else
    the asked product or category id (a resource never synced yet)."""
    found = sorted({(s.resource_type, int(s.source_id)) for s in states if s.source_id.isdigit()})
    if found:
        return found
    if query.product_id is not None:
        return [("product", query.product_id)]
    if query.category_id is not None:
        return [("category", query.category_id)]
    return []


@dataclass(frozen=True)
class ResourceFacts:
    """What the resource page read: last syncs, links, and the latest events about it."""

    states: Sequence[ResourceState] = ()
    links: Sequence[LinkRecord] = ()
    events: Sequence[tuple[EventEnvelope, EventStatus]] = ()
    store_names: Mapping[str, str] = field(default_factory=dict)
    """Configured store hash -> `name (hash)`, to name a link's destination."""


def link_row(link: LinkRecord, store_names: Mapping[str, str]) -> dict[str, Any]:
    """One link: the source id and its id in one destination."""
    return {
        "kind": link.kind,
        "source_id": link.source_id,
        "destination": store_names.get(link.destination, link.destination),
        "destination_id": link.destination_id,
        "key": link.key,
    }


def resource_view(
    query: ResourceQuery, facts: ResourceFacts, resynced: str, published: bool, events_limit: int
) -> dict[str, Any]:
    """The lookup form, what was asked, its last syncs, links and latest events, and what can
    be resynced."""
    asked = query.asked
    return {
        "query": {
            "sku": query.sku or "",
            "product": query.product_id or "",
            "category": query.category_id or "",
        },
        "asked": asked,
        "states": [item_row(state) for state in facts.states],
        "links": [link_row(link, facts.store_names) for link in facts.links],
        "events": touching_rows(facts.events, events_limit),
        "events_limit": events_limit,
        "resync_targets": [
            {"kind": kind, "id": ident} for kind, ident in resource_targets(query, facts.states)
        ],
        "resynced": resynced,
        "published": published,
    }
