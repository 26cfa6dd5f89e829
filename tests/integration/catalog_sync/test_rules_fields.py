"""The `fields` rule on variants and parts in the event path's sync (issue 18): a new product
is created whole, its options, variants and modifiers included; afterwards only the variant
fields the sync owns are written."""

from __future__ import annotations

from dataclasses import replace

import pytest

from storebridge_catalog_sync.context import SyncContext
from storebridge_catalog_sync.planning.rules.config import DestinationRules
from storebridge_catalog_sync.sync import sync_product
from storebridge_sandbox.testing import running_sandbox
from tests.bench.bench_backfill import catalog_fixture
from tests.integration.catalog_sync.test_backfill import CONFIG, A, B, clients, table

pytestmark = pytest.mark.integration

WRAP = {
    "display_name": "Gift wrap",
    "type": "dropdown",
    "required": False,
    "option_values": [{"label": "Paper", "sort_order": 0, "is_default": True}],
}
RULES = DestinationRules.model_validate(
    {"fields": {"leave_alone": ["prices", "dimensions", "modifiers"]}}
)


def sized(state, sku):
    return {v["sku"]: v for v in table(state, "variants") if v["sku"].startswith(sku + "-")}


async def test_given_prices_dimensions_and_modifiers_left_alone_then_b_gets_them_once_only(db):
    async with running_sandbox(CONFIG) as sandbox:
        doc = catalog_fixture(1)
        [product] = doc["products"]
        product["modifiers"] = [WRAP]
        for variant in product["variants"]:
            variant.update(price=20, weight=2, upc="111")
        await sandbox.load_fixture(doc, A)
        pid = table(await sandbox.state(A), "products")[0]["id"]

        async with clients(sandbox, db) as (source, dest):
            ctx = SyncContext(source=source, destinations=[replace(dest, rules=RULES)])
            created = await sync_product(ctx, pid)

            b = await sandbox.state(B)
            variants = sized(b, product["sku"])
            assert created.results[0].status.value == "created", created.results
            assert sorted((v["price"], v["weight"]) for v in variants.values()) == [(20, 2)] * 2
            assert [m["display_name"] for m in table(b, "modifiers")] == ["Gift wrap"]

            small = sized(await sandbox.state(A), product["sku"])[product["sku"] + "-S"]
            path = f"/v3/catalog/products/{pid}/variants/{small['id']}"
            async with sandbox.api_client(A) as api:
                await api.put(path, json={"price": 30, "weight": 5, "upc": "222"})
            updated = await sync_product(ctx, pid)

        assert updated.results[0].status.value == "updated", updated.results
        b = await sandbox.state(B)
        now = sized(b, product["sku"])[product["sku"] + "-S"]
        assert (now["price"], now["weight"], now["upc"]) == (20, 2, "222"), "only the UPC"
        assert len(table(b, "modifiers")) == 1
