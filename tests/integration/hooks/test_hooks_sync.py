"""`storebridge hooks sync` against the sandbox, and webhooks flowing from it to the ingress."""

from __future__ import annotations

import pytest

from storebridge_ingress.settings import HooksSettings
from storebridge_sandbox.config import SandboxConfig, StoreConfig
from storebridge_sandbox.testing import running_sandbox
from storebridge_shared.events.scopes import HOOK_EXCEPTION_SCOPE, HOOK_SCOPES, ORDER_HOOK_SCOPES
from storebridge_shared.hooks.plan import INSTANCE_HEADER
from storebridge_shared.hooks.sync import sync_all_hooks
from tests.support.settings import settings_of
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration

STORES = [StoreConfig.from_spec("abc123:tok-a"), StoreConfig.from_spec("def456:tok-b")]
OUR_SCOPES = (*HOOK_SCOPES, HOOK_EXCEPTION_SCOPE)
DESTINATION_SCOPES = (*ORDER_HOOK_SCOPES, HOOK_EXCEPTION_SCOPE)


def settings_for(sandbox_url: str, **overrides) -> HooksSettings:
    values = {
        "bigcommerce_api_url": sandbox_url,
        "app_url": "http://127.0.0.1:9/",
        "webhook_secret": "s3cret",
        "broker_namespace": "hooks-test",
        "store_a_hash": "abc123",
        "store_a_access_token": "tok-a",
        "store_b_hash": "def456",
        "store_b_access_token": "tok-b",
    }
    return settings_of(HooksSettings, **(values | overrides))


async def our_hooks(sandbox, store_hash):
    async with sandbox.api_client(store_hash) as api:
        return (await api.get("/v3/hooks", params={"limit": 250})).json()["data"]


async def test_given_stores_without_hooks_when_synced_twice_then_created_once_and_the_second_run_changes_nothing():
    async with running_sandbox(SandboxConfig(stores=STORES)) as sandbox:
        settings = settings_for(sandbox.url)

        first = await sync_all_hooks(settings)
        second = await sync_all_hooks(settings)

        assert [len(r.plan.create) for r in first] == [len(OUR_SCOPES), len(DESTINATION_SCOPES)]
        assert all(r.plan.changes == 0 and not r.errors for r in second)
        assert "nothing to change" in second[0].line(dry_run=False)
        source = await our_hooks(sandbox, "abc123")
        assert sorted(h["scope"] for h in source) == sorted(OUR_SCOPES)
        hooks = await our_hooks(sandbox, "def456")
        assert sorted(h["scope"] for h in hooks) == sorted(DESTINATION_SCOPES)
        assert {h["scope"]: h["destination"] for h in hooks}[HOOK_EXCEPTION_SCOPE] == (
            "http://127.0.0.1:9/webhooks/hooks/deliveryException"
        )
        assert {h["destination"] for h in hooks if h["scope"] != HOOK_EXCEPTION_SCOPE} == {
            "http://127.0.0.1:9/webhooks"
        }
        assert all(
            h["headers"]["X-Storebridge-Secret"] == "s3cret" and h["is_active"] for h in hooks
        )


async def test_given_a_hook_another_app_made_when_synced_then_it_is_left_alone():
    async with running_sandbox(SandboxConfig(stores=STORES)) as sandbox:
        async with sandbox.api_client("abc123") as api:
            created = await api.post(
                "/v3/hooks",
                json={
                    "scope": "store/product/updated",
                    "destination": "http://127.0.0.1:9/other",
                    "is_active": True,
                    "headers": {"X-Other-App": "1"},
                },
            )
        foreign = created.json()["data"]

        [report, _] = await sync_all_hooks(settings_for(sandbox.url))

        assert report.plan.foreign == 1
        assert foreign in await our_hooks(sandbox, "abc123")


async def test_given_our_hooks_drifted_when_synced_then_they_are_fixed_and_stale_ones_removed():
    async with running_sandbox(SandboxConfig(stores=STORES)) as sandbox:
        await sync_all_hooks(settings_for(sandbox.url, app_url="http://127.0.0.1:8/"))
        async with sandbox.api_client("abc123") as api:
            hook = (await our_hooks(sandbox, "abc123"))[0]
            await api.put(f"/v3/hooks/{hook['id']}", json={"is_active": False})
            await api.post(
                "/v3/hooks",
                json={
                    "scope": "store/product/inventory/updated",
                    "destination": "http://127.0.0.1:8/webhooks",
                    "is_active": True,
                    "headers": {INSTANCE_HEADER: "hooks-test"},
                },
            )

        [report, _] = await sync_all_hooks(settings_for(sandbox.url))

        assert len(report.plan.update) == len(OUR_SCOPES)
        assert len(report.plan.delete) == 1
        assert [h.id for h in report.reactivated] == [hook["id"]]
        hooks = await our_hooks(sandbox, "abc123")
        assert len(hooks) == len(OUR_SCOPES)
        assert {h["destination"] for h in hooks} == {
            "http://127.0.0.1:9/webhooks",
            "http://127.0.0.1:9/webhooks/hooks/deliveryException",
        }
        assert all(h["is_active"] for h in hooks)


async def test_given_a_dry_run_then_the_plan_is_reported_and_nothing_changes():
    async with running_sandbox(SandboxConfig(stores=STORES)) as sandbox:
        [report, _] = await sync_all_hooks(settings_for(sandbox.url), dry_run=True)

        assert len(report.plan.create) == len(OUR_SCOPES)
        assert report.line(dry_run=True).startswith("store A (abc123): would have: created")
        assert await our_hooks(sandbox, "abc123") == []


async def test_given_hooks_registered_to_the_ingress_when_a_merchant_edits_a_product_then_the_event_is_stored_and_published(
    ingress_factory, db
):
    async with (
        running_sandbox(SandboxConfig(stores=STORES)) as sandbox,
        ingress_factory(bigcommerce_api_url=sandbox.url) as ingress,
    ):
        await sync_all_hooks(
            settings_for(
                sandbox.url,
                app_url=str(ingress.http.base_url),
                webhook_secret=ingress.settings.webhook_secret,
                broker_namespace=ingress.settings.broker_namespace,
            )
        )
        product_id = (await sandbox.state("abc123"))["tables"]["products"][0]["id"]

        await sandbox.update_product(product_id, {"name": "Renamed by the merchant"}, "abc123")

        async def stored() -> bool:
            return await db.events.count_documents({"scope": "store/product/updated"}) >= 1

        await wait_until(stored, timeout=30)  # the sandbox delivers in the background
        doc = await db.events.find_one({"scope": "store/product/updated"})
        assert doc["envelope"]["resource_id"] == str(product_id)
        assert doc["store_hash"] == "abc123"
        [message] = await ingress.take("catalog-sync")
        assert message["event_id"] == doc["_id"]


async def test_given_hooks_synced_when_storebridge_writes_a_product_of_the_destination_then_no_event_comes_back_but_its_orders_still_do():
    async with running_sandbox(SandboxConfig(stores=STORES)) as sandbox:
        await sync_all_hooks(settings_for(sandbox.url))
        [product, *_] = (await sandbox.state("def456"))["tables"]["products"]

        [in_a, *_] = (await sandbox.state("abc123"))["tables"]["products"]
        async with sandbox.api_client("abc123") as api:
            await api.put(f"/v3/catalog/products/{in_a['id']}", json={"name": "Edited in A"})
        await sandbox.wait_for_deliveries(1, "abc123", scope="store/product/updated")

        async with sandbox.api_client("def456") as api:
            written = await api.put(
                f"/v3/catalog/products/{product['id']}", json={"name": "Written by catalog-sync"}
            )
        order_id = await sandbox.checkout([{"product_id": product["id"], "quantity": 1}], "def456")

        [order] = await sandbox.wait_for_deliveries(1, "def456", scope="store/order/created")
        assert written.status_code == 200
        assert order["scope"] == "store/order/created" and str(order_id) in str(order)
        delivered = {d["scope"] for d in await sandbox.deliveries("def456")}
        catalog = ("store/product/", "store/sku/", "store/category/")
        assert not {scope for scope in delivered if scope.startswith(catalog)}


async def test_given_a_destination_that_had_catalog_hooks_when_synced_then_they_are_deleted():
    async with running_sandbox(SandboxConfig(stores=STORES)) as sandbox:
        old_b_as_source = settings_for(
            sandbox.url, store_a_hash="def456", store_a_access_token="tok-b"
        )
        await sync_all_hooks(old_b_as_source)

        [_, report] = await sync_all_hooks(settings_for(sandbox.url))

        assert len(report.plan.delete) == len(HOOK_SCOPES) - len(ORDER_HOOK_SCOPES)
        assert sorted(h["scope"] for h in await our_hooks(sandbox, "def456")) == sorted(
            DESTINATION_SCOPES
        )
