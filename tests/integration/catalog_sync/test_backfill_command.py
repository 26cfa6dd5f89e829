"""`storebridge backfill catalog` wired from settings: destinations, the core's product sync."""

from __future__ import annotations

import pytest

from storebridge_catalog_sync.backfill.entry import run_backfill
from storebridge_catalog_sync.settings import BackfillSettings
from storebridge_sandbox.config import SandboxConfig, StoreConfig
from storebridge_sandbox.testing import running_sandbox
from storebridge_shared.settings import ConfigurationError
from tests.bench.bench_backfill import catalog_fixture, half_fixture
from tests.support.mongo import uri_with_database
from tests.support.settings import settings_of

pytestmark = pytest.mark.integration

A, B = "clia01", "clib01"
CONFIG = SandboxConfig(
    stores=[StoreConfig.from_spec(f"{A}:tok-a"), StoreConfig.from_spec(f"{B}:tok-b")],
    seed_fixture=None,
)


def settings_for(sandbox, mongodb_uri, database_name) -> BackfillSettings:
    return settings_of(
        BackfillSettings,
        bigcommerce_api_url=sandbox.url,
        mongodb_uri=uri_with_database(mongodb_uri, database_name),
        store_a_hash=A,
        store_a_access_token="tok-a",
        store_b_hash=B,
        store_b_access_token="tok-b",
    )


async def test_given_b_products_missing_images_and_variants_when_backfilled_then_the_core_sync_adds_them(
    mongodb_uri, database_name, db
):
    source = catalog_fixture(10)
    destination = half_fixture(source, price_change_every=1000)
    for product in destination["products"]:
        product.pop("images", None)
        product.pop("variants", None)
        product.pop("options", None)
    async with running_sandbox(CONFIG) as sandbox:
        await sandbox.load_fixture(source, A)
        await sandbox.load_fixture(destination, B)
        printed: list[str] = []

        [report] = await run_backfill(
            settings_for(sandbox, mongodb_uri, database_name),
            progress=False,
            on_report=lambda r: printed.extend(r.lines()),
        )

        assert report.status == "succeeded", report.lines()
        b = await sandbox.state(B)
        assert sorted(i["image_url"] for i in b["tables"]["images"]) == sorted(
            i["image_url"] for i in (await sandbox.state(A))["tables"]["images"]
        )
        option_skus = sorted(v["sku"] for v in b["tables"]["variants"] if v.get("option_values"))
        assert option_skus == ["BF-00000-L", "BF-00000-S", "BF-00005-L", "BF-00005-S"]
        assert len(b["tables"]["products"]) == 10
        assert printed[0] == "backfill of destination B [succeeded]"


async def test_given_an_unknown_destination_then_the_command_names_the_configured_ones(
    mongodb_uri, database_name, db
):
    async with running_sandbox(CONFIG) as sandbox:
        with pytest.raises(ConfigurationError, match="configured: B"):
            await run_backfill(
                settings_for(sandbox, mongodb_uri, database_name), destination="C", progress=False
            )


async def test_given_modifiers_pricing_rules_and_videos_in_a_when_backfilled_then_b_has_them(
    mongodb_uri, database_name, db
):
    source = catalog_fixture(3)
    first = source["products"][0]
    first["bulk_pricing_rules"] = [
        {"quantity_min": 5, "quantity_max": 0, "type": "percent", "amount": 10}
    ]
    first["videos"] = [{"video_id": "dQw4w9WgXcQ", "type": "youtube", "title": "Intro"}]
    async with running_sandbox(CONFIG) as sandbox:
        await sandbox.load_fixture(source, A)
        await sandbox.load_fixture({}, B)
        products = (await sandbox.state(A))["tables"]["products"]
        first_id = next(p["id"] for p in products if p["sku"] == first["sku"])
        async with sandbox.api_client(A) as api:
            wrap = {"display_name": "Gift wrap", "type": "text", "required": False}
            await api.post(f"/v3/catalog/products/{first_id}/modifiers", json=wrap)

        [report] = await run_backfill(
            settings_for(sandbox, mongodb_uri, database_name), progress=False
        )

        assert report.status == "succeeded", report.lines()
        tables = (await sandbox.state(B))["tables"]
        [target] = [p for p in tables["products"] if p["sku"] == first["sku"]]
        assert [
            m["display_name"] for m in tables["modifiers"] if m["product_id"] == target["id"]
        ] == ["Gift wrap"]
        assert [r["amount"] for r in tables["bulk_pricing_rules"]] == [10]
        assert [v["title"] for v in tables["videos"]] == ["Intro"]
