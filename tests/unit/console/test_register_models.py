"""The register, run and resource pages' view models and the resync event (pure)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storebridge_console.register_models import (
    ResourceFacts,
    resource_targets,
    resource_view,
    run_view,
    runs_view,
)
from storebridge_console.resync import resync_event
from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.events.lifecycle import EventStatus
from storebridge_shared.records.activity import (
    HOUR_MS,
    LinkRecord,
    ResourceQuery,
    ResourceState,
    RunRecord,
)

HOUR = 1_800_000_000_000 // HOUR_MS * HOUR_MS


def run(kind: str = "events", failed: int = 0, **fields) -> RunRecord:
    counters = {"created": 2, "updated": 1, "unchanged": 0, "skipped": 0, "failed": failed}
    values = {
        "run_id": f"{kind}:B:{HOUR}",
        "kind": kind,
        "destination": "B",
        "started_ms": HOUR,
        "last_ms": HOUR + 65_000,
        "finished_ms": None,
        "status": "hourly",
        "counters": counters,
        "api_calls": 9,
        "first_ms": HOUR + 5_000,
    }
    return RunRecord(**(values | fields))


def state(source_id: str, status: str, reason: str = "") -> ResourceState:
    return ResourceState(
        "product",
        source_id,
        "B",
        status,
        HOUR,
        f"events:B:{HOUR}",
        sku=f"S-{source_id}",
        reason=reason,
    )


def test_given_runs_then_rows_carry_the_cli_status_duration_and_counters_in_order():
    view = runs_view({"C": [run(destination="C")], "B": [run(failed=1)]}, HOUR + 2 * HOUR_MS)
    assert [d["name"] for d in view["destinations"]] == ["B", "C"]
    row = view["destinations"][0]["runs"][0]
    assert (row["status"], row["duration"], row["counters"]) == (
        "failures",
        "1m00s",
        [2, 1, 0, 0, 1],
    )
    assert runs_view({"B": [run()]}, HOUR + 1)["destinations"][0]["runs"][0]["status"] == "open"


def test_given_a_runs_items_then_failures_come_first_and_a_full_page_says_truncated():
    view = run_view(run(), [state("1", "created"), state("2", "failed", "422")], HOUR, limit=2)
    assert [i["source_id"] for i in view["items"]] == ["2", "1"]
    assert view["truncated"] is True and view["items"][0]["lookup"] == "product=2"


def category(source_id: str, destination: str, status: str, reason: str = "") -> ResourceState:
    return ResourceState(
        "category",
        source_id,
        destination,
        status,
        HOUR,
        f"events:{destination}:{HOUR}",
        target_id=int(source_id) + (100 if destination == "B" else 200),
        reason=reason,
    )


def test_given_categories_then_disabled_ones_stand_apart_and_destinations_show_where_they_differ():
    items = [
        state("1", "created"),
        category("10", "B", "updated"),
        category("11", "B", "created"),
        category("12", "B", "disabled", "deleted in source"),
    ]
    everywhere = [
        category("10", "B", "updated"),
        category("10", "C", "failed", "422: name taken"),
        category("11", "B", "created"),
        category("11", "C", "created"),
        category("12", "B", "disabled", "deleted in source"),
    ]
    view = run_view(run(), items, HOUR, 500, everywhere)
    assert [i["source_id"] for i in view["items"]] == ["1"]
    written = {row["source_id"]: row for row in view["categories_written"]}
    assert set(written) == {"10", "11"}
    assert written["10"]["per_destination"] == [
        {"destination": "B", "status": "updated", "target_id": 110, "reason": ""},
        {"destination": "C", "status": "failed", "target_id": 210, "reason": "422: name taken"},
    ]
    assert written["11"]["per_destination"] == [] and written["11"]["same_in"] == ["B", "C"]
    [disabled] = view["categories_disabled"]
    assert disabled["source_id"] == "12" and disabled["same_in"] == []


def test_given_a_never_synced_product_then_it_can_still_be_resynced():
    view = resource_view(ResourceQuery(product_id=77), ResourceFacts(), "", False, 50)
    assert view["asked"] == "product 77" and view["states"] == []
    assert view["resync_targets"] == [{"kind": "product", "id": 77}]
    facts = ResourceFacts(states=[state("1", "created")])
    by_sku = resource_view(ResourceQuery(sku="S-1"), facts, "e1", True, 50)
    assert by_sku["resync_targets"] == [{"kind": "product", "id": 1}]
    assert resource_targets(ResourceQuery(sku="nobody"), []) == []


def test_given_last_syncs_with_and_without_a_call_count_then_each_row_shows_its_own():
    counted = ResourceState("product", "7", "B", "updated", HOUR, "events:B:0", api_calls=4)
    backfilled = ResourceState("product", "7", "C", "created", HOUR, "backfill:C:1")
    facts = ResourceFacts(states=[counted, backfilled])

    view = resource_view(ResourceQuery(product_id=7), facts, "", False, 50)

    assert [(row["destination"], row["api_calls"]) for row in view["states"]] == [
        ("B", 4),
        ("C", ""),
    ]


def event(minute: int, scope: str = "store/product/updated") -> EventEnvelope:
    at = datetime(2026, 12, 2, 7, minute, tzinfo=UTC)
    return EventEnvelope(
        event_id=f"e{minute}",
        store_hash="storea",
        scope=scope,
        resource_type=scope.split("/")[1],
        resource_id="77" if "product" in scope else "461",
        bc_hash=f"h{minute}",
        created_at=at,
        received_at=at,
        payload={"id": 77} if "product" in scope else {"id": 461, "sku": {"product_id": 77}},
    )


def test_given_links_and_events_then_the_page_names_destinations_and_lists_newest_first():
    facts = ResourceFacts(
        states=[state("77", "updated")],
        links=[
            LinkRecord("def456", "product", 77, 1077, "S-77"),
            LinkRecord("zzz", "product", 77, 5),
        ],
        events=[
            (event(1), EventStatus.PROCESSED),
            (event(9, "store/sku/updated"), EventStatus.PUBLISHED),
            (event(5), EventStatus.PROCESSED),
        ],
        store_names={"def456": "B (def456)"},
    )
    view = resource_view(ResourceQuery(product_id=77), facts, "", False, 2)
    assert [(k["destination"], k["destination_id"]) for k in view["links"]] == [
        ("B (def456)", 1077),
        ("zzz", 5),
    ]
    assert [(e["event_id"], e["status"]) for e in view["events"]] == [
        ("e9", "published"),
        ("e5", "processed"),
    ]


def test_given_a_sku_event_then_its_subject_is_the_product_of_the_sku():
    assert event(1).subject == "storea:product:77"
    assert event(2, "store/sku/updated").subject == "storea:product:77"
    stock = event(3, "store/sku/inventory/updated").model_copy(
        update={"payload": {"id": 461, "inventory": {"product_id": 78}}}
    )
    assert stock.subject == "storea:product:78"
    lone = event(4, "store/sku/updated").model_copy(update={"payload": {"id": 461}})
    assert lone.subject == "storea:sku:461"


def test_given_a_resync_then_the_event_is_a_source_update_with_a_hash_of_its_own():
    now = datetime(2026, 12, 2, 7, 0, tzinfo=UTC)
    first, second = (
        resync_event("storea", "product", 77, now),
        resync_event("storea", "product", 77, now),
    )
    assert (first.scope, first.resource_id, first.routing_key) == (
        "store/product/updated",
        "77",
        "storea.product.updated",
    )
    assert first.bc_hash.startswith("console-resync:") and first.bc_hash != second.bc_hash
    order = resync_event("storeb", "order", 1, now)
    assert (order.scope, order.store_hash, order.routing_key) == (
        "store/order/updated",
        "storeb",
        "storeb.order.updated",
    )
    with pytest.raises(ValueError, match="cannot resync"):
        resync_event("storea", "invoice", 1, now)
