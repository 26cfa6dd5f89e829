"""Fewer calls per order: the consignments carry the lines and addresses (3 calls, else 5)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.order_replicator.conftest import DIGITAL, OTHER_PHYSICAL, PHYSICAL, Stack
from tests.support.ingress import STORE_A

pytestmark = pytest.mark.integration

TWO_ADDRESSES = [
    {"first_name": "Ann", "street_1": "1 Main St", "city": "Austin", "zip": "78701"},
    {"first_name": "Bob", "street_1": "2 Side St", "city": "Boston", "zip": "02101"},
]


async def _as_bigcommerce_lists_them(stack: Stack, order_id: int) -> dict[str, Any]:
    async with stack.sandbox.api_client(STORE_A) as api:
        products = (await api.get(f"/v2/orders/{order_id}/products")).json()
        answer = await api.get(f"/v2/orders/{order_id}/shipping_addresses")
        addresses = answer.json() if answer.status_code == 200 else []  # 204: none
    for address in addresses:
        address.pop("shipping_quotes")
    return {"products": products, "shipping_addresses": addresses}


def _stored_parts(doc: dict[str, Any]) -> dict[str, Any]:
    addresses = [dict(address) for address in doc["order"]["shipping_addresses"]]
    for address in addresses:
        address.pop("shipping_quotes")
    return {"products": doc["order"]["products"], "shipping_addresses": addresses}


async def _two_address_checkout(stack: Stack) -> int:
    items = [
        {"product_id": PHYSICAL, "quantity": 1},
        {"product_id": OTHER_PHYSICAL, "quantity": 2, "shipping_address_index": 1},
        {"product_id": DIGITAL, "quantity": 1},
    ]
    return await stack.sandbox.checkout(items, STORE_A, shipping_addresses=TWO_ADDRESSES)


async def test_given_consignments_served_then_an_order_costs_three_calls_and_is_stored_whole(
    stack: Stack,
):
    async with stack.replicator():
        order_id = await _two_address_checkout(stack)
        doc = await stack.until_state(order_id, "replicated")

    assert await stack.order_calls(order_id) == [
        f"GET /v2/orders/{order_id}/coupons",
        f"GET /v2/orders/{order_id}",
        f"PUT /v2/orders/{order_id}",
    ]
    [read] = [
        c
        for c in await stack.sandbox.requests(STORE_A, method="GET")
        if c["path"] == f"/v2/orders/{order_id}"
    ]
    assert read["query"]["include"] == "consignments,consignments.line_items"
    assert _stored_parts(doc) == await _as_bigcommerce_lists_them(stack, order_id)
    assert len(doc["order"]["products"]) == 3 and "consignments" not in doc["order"]
    assert doc["status_after"] == 9


async def test_given_an_api_without_consignments_then_the_separate_reads_serve_at_five_calls(
    stack: Stack,
):
    await stack.sandbox.set_faults(STORE_A, consignments_unsupported=True)
    async with stack.replicator():
        first = await _two_address_checkout(stack)
        await stack.until_state(first, "replicated")
        second = await _two_address_checkout(stack)
        doc = await stack.until_state(second, "replicated")

    learning = await stack.order_calls(first)
    assert len(learning) == 6 and learning[-2:] == [
        f"GET /v2/orders/{first}",
        f"PUT /v2/orders/{first}",
    ]
    calls = await stack.order_calls(second)
    assert sorted(calls[:3]) == sorted(
        f"GET /v2/orders/{second}/{part}" for part in ("products", "shipping_addresses", "coupons")
    )
    assert calls[3:] == [f"GET /v2/orders/{second}", f"PUT /v2/orders/{second}"]
    assert _stored_parts(doc) == await _as_bigcommerce_lists_them(stack, second)
    assert "consignments" not in doc["order"]


async def test_given_a_pickup_order_then_its_lines_come_from_the_pickup_consignment(stack: Stack):
    pickup = {
        "pickup_method_id": 1,
        "pickup_method_display_name": "Pick up in store",
        "collection_instructions": "Desk 1",
        "collection_time_description": "Same day",
        "location": {"name": "Austin store", "address_line_1": "1 Main St", "city": "Austin"},
    }
    async with stack.replicator():
        order_id = await stack.checkout(PHYSICAL, shipping_address=None, pickup=pickup)
        doc = await stack.until_state(order_id, "replicated")

    assert len(await stack.order_calls(order_id)) == 3
    assert _stored_parts(doc) == await _as_bigcommerce_lists_them(stack, order_id)
    assert [line["product_id"] for line in doc["order"]["products"]] == [PHYSICAL]
