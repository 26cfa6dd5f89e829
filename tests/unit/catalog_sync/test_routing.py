"""Which resource an event asks to sync."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from storebridge_catalog_sync.routing import Target, target_of
from storebridge_shared.broker.failures import PermanentFailure
from storebridge_shared.events.envelope import EventEnvelope


def envelope(
    scope: str, resource_id: str = "7", store: str = "a1", **payload: Any
) -> EventEnvelope:
    now = datetime.now(UTC)
    return EventEnvelope(
        event_id="e1",
        store_hash=store,
        scope=scope,
        resource_type=scope.split("/")[1],
        resource_id=resource_id,
        bc_hash="h",
        created_at=now,
        received_at=now,
        payload={"type": scope.split("/")[1], "id": resource_id, **payload},
    )


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        ("store/product/updated", Target("product", 7)),
        ("store/product/deleted", Target("product", 7)),
        ("store/category/created", Target("category", 7)),
        ("store/order/created", None),
    ],
)
def test_given_an_event_of_the_source_then_it_names_what_to_sync(scope, expected):
    assert target_of(envelope(scope), "a1") == expected


def test_given_a_sku_event_then_its_product_is_synced():
    event = envelope("store/sku/updated", "301", sku={"product_id": 77, "variant_id": 12})

    assert target_of(event, "a1") == Target("product", 77)


def test_given_an_event_of_a_destination_then_nothing_is_synced():
    assert target_of(envelope("store/product/updated", store="b2"), "a1") is None


def test_given_a_sku_event_without_its_product_then_it_is_a_permanent_failure():
    with pytest.raises(PermanentFailure):
        target_of(envelope("store/sku/created", "301"), "a1")


def test_given_a_stock_event_then_its_product_is_synced():
    sku = envelope("store/sku/inventory/updated", "461", inventory={"product_id": 206, "value": 5})
    product = envelope("store/product/inventory/updated", "206", inventory={"value": 5})

    assert target_of(sku, "a1") == Target("product", 206)
    assert target_of(product, "a1") == Target("product", 206)


def metafield_event(scope: str, resource_type: str, resource_id: str) -> EventEnvelope:
    event = envelope(scope, resource_id)
    data = {"metafield_id": 12, "resource_id": resource_id, "resource_type": resource_type}
    return event.model_copy(update={"payload": data})


@pytest.mark.parametrize(
    ("scope", "resource_type", "expected"),
    [
        ("store/product/metafield/updated", "product", Target("product", 118)),
        ("store/metafield/created", "product", Target("product", 118)),
        ("store/product/variant/metafield/deleted", "variant", Target("variant", 118)),
        ("store/category/metafield/created", "category", Target("category", 118)),
        ("store/brand/metafield/updated", "brand", Target("brand", 118)),
        ("store/metafield/updated", "order", None),
    ],
)
def test_given_a_metafield_event_then_the_resource_it_belongs_to_is_synced(
    scope, resource_type, expected
):
    assert target_of(metafield_event(scope, resource_type, "118"), "a1") == expected


def test_given_a_metafield_event_with_a_bad_resource_id_then_it_is_a_permanent_failure():
    with pytest.raises(PermanentFailure):
        target_of(metafield_event("store/product/metafield/created", "product", "x"), "a1")


def _assignment(scope: str, **data: Any) -> EventEnvelope:
    now = datetime.now(UTC)
    return EventEnvelope(
        event_id="e2",
        store_hash="a1",
        scope=scope,
        resource_type="channel",
        resource_id=str(data.get("product_id", "")),
        bc_hash="h",
        created_at=now,
        received_at=now,
        payload=data,  # as BigCommerce sends it: {"product_id": 127}, no type or id
    )


@pytest.mark.parametrize("action", ["assigned", "unassigned"])
def test_given_a_channel_assignment_change_then_its_product_is_synced(action):
    event = _assignment(f"store/channel/2/product/{action}", product_id=127)

    assert target_of(event, "a1") == Target("product", 127)
    assert event.subject == "a1:product:127"
    assert event.routing_key == f"a1.channel.2.product.{action}"


def test_given_a_channel_category_assignment_then_nothing_is_synced():
    event = _assignment("store/channel/2/category/product/assigned", product_id=127)

    assert target_of(event, "a1") is None


def test_given_an_assignment_event_without_its_product_then_it_is_a_permanent_failure():
    with pytest.raises(PermanentFailure):
        target_of(_assignment("store/channel/2/product/assigned"), "a1")
