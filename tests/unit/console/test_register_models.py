"""The register, run and resource pages' view models and the resync event (pure)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storebridge_console.register_models import resource_view, run_view, runs_view
from storebridge_console.resync import resync_event
from storebridge_shared.activity import HOUR_MS, ResourceQuery, ResourceState, RunRecord

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


def test_given_a_never_synced_product_then_it_can_still_be_resynced():
    view = resource_view(ResourceQuery(product_id=77), [], "", False)
    assert view["asked"] == "product 77" and view["states"] == []
    assert view["resync_targets"] == [{"kind": "product", "id": "77"}]
    by_sku = resource_view(ResourceQuery(sku="S-1"), [state("1", "created")], "e1", True)
    assert by_sku["resync_targets"] == [{"kind": "product", "id": "1"}]


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
    with pytest.raises(ValueError, match="cannot resync"):
        resync_event("storea", "order", 1, now)
