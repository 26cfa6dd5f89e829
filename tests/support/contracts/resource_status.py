"""What every resource-status store does: the last sync outcome of a resource per destination,
never an older outcome over a newer one, found by source id or by any of its SKUs.

Subclass with a `statuses` fixture: `storebridge_shared.store.register.ResourceStatusStore`
on MongoDB passes it (integration).
"""

from __future__ import annotations

from typing import Any

from storebridge_shared.records.activity import ResourceState

T0 = 1_700_000_000_000


def state(
    status: str = "updated", *, at_ms: int = T0, destination: str = "B", **fields: Any
) -> ResourceState:
    """The outcome of product 7 (SKU MUG-1) in `destination`."""
    values: dict[str, Any] = {
        "resource_type": "product",
        "source_id": "7",
        "destination": destination,
        "status": status,
        "at_ms": at_ms,
        "run_id": "events:B:0",
        "sku": "MUG-1",
    } | fields
    return ResourceState(**values)


class ResourceStatusContract:
    """The behaviour suite of a resource-status store."""

    async def test_given_an_outcome_when_recorded_then_it_is_found_by_id_and_by_each_sku(
        self, statuses: Any
    ) -> None:
        await statuses.record(
            state(
                skus=("MUG-1-S", "MUG-1", ""),
                target_id=907,
                reason="",
                extra={"calls": 3},
                api_calls=5,
            )
        )

        [by_id] = await statuses.by_id("product", "7")

        assert by_id == state(
            skus=("MUG-1", "MUG-1-S"), target_id=907, extra={"calls": 3}, api_calls=5
        )
        assert await statuses.by_sku("MUG-1") == [by_id]
        assert await statuses.by_sku("MUG-1-S") == [by_id]
        assert await statuses.by_sku("MUG-2") == []

    async def test_given_a_later_outcome_when_an_earlier_one_arrives_then_the_later_stays(
        self, statuses: Any
    ) -> None:
        await statuses.record(state("updated", at_ms=T0 + 5_000))

        await statuses.record(state("failed", at_ms=T0 + 1_000, reason="late retry"))

        [kept] = await statuses.by_id("product", "7")
        assert (kept.status, kept.at_ms, kept.reason) == ("updated", T0 + 5_000, "")

    async def test_given_an_outcome_when_a_newer_or_same_time_one_arrives_then_it_replaces_it(
        self, statuses: Any
    ) -> None:
        await statuses.record(state("failed", at_ms=T0, reason="B answered 500"))

        await statuses.record(state("updated", at_ms=T0))
        [same_time] = await statuses.by_id("product", "7")
        await statuses.record(state("unchanged", at_ms=T0 + 1))
        [newer] = await statuses.by_id("product", "7")

        assert (same_time.status, same_time.reason) == ("updated", "")
        assert (newer.status, newer.at_ms) == ("unchanged", T0 + 1)

    async def test_given_outcomes_in_two_destinations_then_each_is_kept_in_destination_order(
        self, statuses: Any
    ) -> None:
        await statuses.record(state("failed", destination="C"))
        await statuses.record(state("created", destination="B"))

        found = await statuses.by_id("product", "7")

        assert [(s.destination, s.status) for s in found] == [("B", "created"), ("C", "failed")]
        assert await statuses.by_sku("MUG-1") == found

    async def test_given_a_product_and_a_category_with_one_id_then_each_type_has_its_own_status(
        self, statuses: Any
    ) -> None:
        await statuses.record(state("updated"))

        await statuses.record(state("created", resource_type="category", sku="", at_ms=T0 - 1))

        [product] = await statuses.by_id("product", "7")
        [category] = await statuses.by_id("category", "7")
        assert (product.status, category.status, category.skus) == ("updated", "created", ())
