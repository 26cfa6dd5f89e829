"""A backfill into a priced destination (issue 18): prices, stock, availability and fields
rules applied on the sandbox as the event path applies them (`test_rules.py`)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from storebridge_catalog_sync.backfill import backfill_catalog
from storebridge_catalog_sync.planning.rules.config import DestinationRules
from storebridge_sandbox.testing import running_sandbox
from tests.bench.bench_backfill import catalog_fixture
from tests.integration.catalog_sync.test_backfill import (
    CONFIG,
    A,
    B,
    clients,
    products_by_sku,
    table,
    writes,
)

pytestmark = pytest.mark.integration

RULES = DestinationRules.model_validate(
    {
        "prices": {"currency": "EUR", "currency_rate": 0.92, "multiply": 1.08, "round": "0.99"},
        "stock": {"buffer": 2, "cap": 10},
        "availability": {"disable_when_out_of_stock": True},
        "fields": {"leave_alone": ["description", "dimensions"]},
    }
)


def fixture():
    """Four products of A: one with two priced variants (stock by variant), one on sale, one
    out of stock, one with more stock than the cap."""
    doc = catalog_fixture(4)
    sized, sale, empty, full = doc["products"]
    sized["inventory_tracking"] = "variant"
    for variant in sized["variants"]:
        variant["price"] = 20
    sale.update(price=11, sale_price=9, inventory_tracking="product", inventory_level=5)
    empty.update(price=12, inventory_tracking="product", inventory_level=0)
    full.update(price=13, inventory_tracking="product", inventory_level=50)
    return doc


async def backfill(sandbox, db):
    async with clients(sandbox, db) as (source, dest):
        ruled = replace(dest, rules=RULES, mirror_inventory=True)
        return await backfill_catalog(db, source, ruled)


async def test_given_a_priced_destination_when_backfilled_then_b_gets_its_prices_stock_and_fields(
    db,
):
    async with running_sandbox(CONFIG) as sandbox:
        doc = fixture()
        sized, sale, empty, full = (p["sku"] for p in doc["products"])
        await sandbox.load_fixture(doc, A)

        first = await backfill(sandbox, db)

        assert first.status == "succeeded", first.lines()
        b = await sandbox.state(B)
        got = products_by_sku(b)
        assert got[sized]["price"] == 9.99, "10 x 0.92 x 1.08 = 9.94 -> 9.99"
        assert (got[sale]["price"], got[sale]["sale_price"]) == (10.99, 8.99)
        assert got[sale]["inventory_level"] == 3, "5 - 2"
        assert (got[empty]["availability"], got[empty]["inventory_level"]) == ("disabled", 0)
        assert (got[full]["inventory_level"], got[full]["availability"]) == (10, "available")
        variants = [v for v in table(b, "variants") if v.get("option_values")]
        assert sorted((v["price"], v["inventory_level"]) for v in variants) == [(19.99, 1)] * 2

        ids = {p["sku"]: p["id"] for p in table(await sandbox.state(A), "products")}
        mine = {"description": "B's own", "weight": 7}
        await sandbox._call("PUT", f"/_sandbox/stores/{B}/products/{got[sale]['id']}", json=mine)
        edit = {"price": 12, "description": "A's new text", "weight": 4}
        await sandbox._call("PUT", f"/_sandbox/stores/{A}/products/{ids[sale]}", json=edit)
        restocked = {"inventory_level": 4}
        await sandbox._call("PUT", f"/_sandbox/stores/{A}/products/{ids[empty]}", json=restocked)
        await sandbox.clear_stats(B)

        second = await backfill(sandbox, db)

        assert second.status == "succeeded", second.lines()
        got = products_by_sku(await sandbox.state(B))
        assert got[sale]["price"] == 11.99, "12 x 0.92 x 1.08 = 11.92 -> 11.99"
        assert (got[sale]["description"], got[sale]["weight"]) == ("B's own", 7), "left alone"
        assert (got[empty]["availability"], got[empty]["inventory_level"]) == ("available", 2)
        assert second.counts["product"]["updated"] == 2, second.lines()

        await sandbox.clear_stats(B)
        third = await backfill(sandbox, db)

        assert third.counts["product"]["unchanged"] == 4, third.lines()
        assert await writes(sandbox, B) == {}, "converged at B's own prices and stock"
