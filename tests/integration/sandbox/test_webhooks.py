"""Webhook delivery: envelope, headers, hash, retries, deactivation, signatures, scopes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

from storebridge_sandbox.config import StoreConfig, TokenConfig
from storebridge_sandbox.testing import wait_until

STORE = "abc123"


async def test_given_an_active_hook_when_a_product_is_created_then_the_real_envelope_arrives(
    api, receiver, subscribe
):
    await subscribe(api, "store/product/created", receiver.url + "/bc", headers={"X-Secret": "s3"})
    body = {"name": "Hooked", "type": "physical", "weight": 1, "price": 2}
    product_id = (await api.post("/v3/catalog/products", json=body)).json()["data"]["id"]
    await wait_until(lambda: len(receiver.requests) == 1)
    request = receiver.requests[0]
    delivery = request["body"]
    assert delivery["scope"] == "store/product/created"
    assert delivery["store_id"] == "1025646"
    assert delivery["data"] == {"type": "product", "id": product_id}
    assert re.fullmatch(r"[0-9a-f]{40}", delivery["hash"])
    assert isinstance(delivery["created_at"], int)
    assert delivery["producer"] == f"stores/{STORE}"
    assert request["headers"]["X-Secret"] == "s3"
    assert request["headers"]["Content-Type"] == "application/json"
    assert request["path"] == "/bc"


async def test_given_a_wildcard_hook_when_products_change_then_concrete_scopes_arrive(
    api, receiver, subscribe
):
    await subscribe(api, "store/product/*", receiver.url)
    await api.put("/v3/catalog/products/78", json={"price": 100})
    await api.delete("/v3/catalog/products/79")
    await wait_until(lambda: len(receiver.requests) == 2)
    assert sorted(b["scope"] for b in receiver.bodies()) == [
        "store/product/deleted",
        "store/product/updated",
    ]


async def test_given_an_inactive_hook_when_an_event_happens_then_nothing_is_delivered(
    sandbox, api, receiver, subscribe
):
    await subscribe(api, "store/product/updated", receiver.url, is_active=False)
    await subscribe(api, "store/category/updated", receiver.url)
    await api.put("/v3/catalog/products/78", json={"price": 100})
    await api.put("/v3/catalog/categories/18", json={"description": "All of it"})
    await wait_until(lambda: len(receiver.requests) == 1)
    assert receiver.bodies()[0]["scope"] == "store/category/updated"
    assert (await sandbox.stats(STORE))["deliveries"] == {"delivered": 1}


async def test_given_an_mpn_only_change_when_updated_then_no_product_event_fires(
    sandbox, api, receiver, subscribe
):
    await subscribe(api, "store/product/updated", receiver.url)
    await api.put("/v3/catalog/products/84", json={"mpn": "NEW-MPN"})
    await api.put("/v3/catalog/products/84", json={"price": 30})
    await wait_until(lambda: len(receiver.requests) == 1)
    assert (await sandbox.stats(STORE))["pending_deliveries"] == 0
    assert len(receiver.requests) == 1


async def test_given_a_failing_destination_when_delivering_then_it_is_retried_until_success(
    make_sandbox, receiver, subscribe
):
    receiver.statuses = [500, 503]
    async with make_sandbox(webhook_time_compression=100000) as sandbox:
        async with sandbox.api_client(STORE) as api:
            await subscribe(api, "store/category/updated", receiver.url)
            await api.put("/v3/catalog/categories/18", json={"sort_order": 9})
        attempts = await sandbox.wait_for_deliveries(1, STORE, outcome="delivered")
        everything = await sandbox.deliveries(STORE)
    assert [a["outcome"] for a in everything] == ["failed", "failed", "delivered"]
    assert [a["attempt"] for a in everything] == [0, 1, 2]
    assert [a["status"] for a in everything] == [500, 503, 200]
    assert len({r["body"]["hash"] for r in receiver.requests}) == 1
    assert attempts[0]["hook_id"] == everything[0]["hook_id"]


async def test_given_a_destination_failing_every_retry_when_delivering_then_the_hook_is_deactivated(
    make_sandbox, receiver, subscribe
):
    receiver.statuses = [500] * 12
    async with make_sandbox(webhook_time_compression=1000000) as sandbox:
        async with sandbox.api_client(STORE) as api:
            hook = await subscribe(api, "store/category/updated", receiver.url)
            await api.put("/v3/catalog/categories/18", json={"sort_order": 9})

            async def deactivated() -> bool:
                found = (await api.get(f"/v3/hooks/{hook['id']}")).json()["data"]
                return found["is_active"] is False

            await wait_until(deactivated, timeout=10)
        stats = await sandbox.stats(STORE)
    assert len(receiver.requests) == 12
    assert stats["deliveries"]["failed"] == 12
    assert stats["deliveries"]["hooks_deactivated"] == 1


async def test_given_a_slow_destination_when_delivering_then_the_timeout_counts_as_failure(
    make_sandbox, receiver, subscribe
):
    receiver.delay_s = 0.5
    settings = {"webhook_timeout_s": 0.1, "webhook_time_compression": 1000000}
    async with make_sandbox(**settings) as sandbox, sandbox.api_client(STORE) as api:
        await subscribe(api, "store/category/updated", receiver.url)
        await api.put("/v3/catalog/categories/18", json={"sort_order": 9})
        attempts = await sandbox.wait_for_deliveries(1, STORE, outcome="failed")
    assert attempts[0]["status"] is None
    assert attempts[0]["error"]


async def test_given_a_signing_secret_when_delivering_then_standard_webhooks_headers_verify(
    make_sandbox, receiver, subscribe
):
    store = StoreConfig(
        store_hash=STORE, tokens=[TokenConfig(token="t0k")], signing_secret="whsecret"
    )
    async with make_sandbox(stores=[store]) as sandbox, sandbox.api_client(STORE) as api:
        await subscribe(api, "store/category/created", receiver.url)
        await api.post("/v3/catalog/categories", json={"name": "Signed", "parent_id": 0})
        await wait_until(lambda: len(receiver.requests) == 1)
    headers, raw = receiver.requests[0]["headers"], receiver.requests[0]["raw"]
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + raw
    expected = base64.b64encode(hmac.new(b"whsecret", signed, hashlib.sha256).digest()).decode()
    assert headers["webhook-signature"] == f"v1,{expected}"


async def test_given_the_admin_merchant_endpoint_when_a_product_changes_then_the_hook_fires(
    sandbox, api, receiver, subscribe
):
    await subscribe(api, "store/product/updated", receiver.url)
    await sandbox.update_product(78, {"is_featured": False}, STORE)
    await wait_until(lambda: len(receiver.requests) == 1)
    assert receiver.bodies()[0]["data"] == {"type": "product", "id": 78}


async def test_given_category_changes_when_made_then_category_scopes_fire(api, receiver, subscribe):
    await subscribe(api, "store/category/*", receiver.url)
    created = await api.post("/v3/catalog/categories", json={"name": "Seasonal", "parent_id": 0})
    category_id = created.json()["data"]["id"]
    await api.put(f"/v3/catalog/categories/{category_id}", json={"name": "Seasonal Picks"})
    await api.delete(f"/v3/catalog/categories/{category_id}")
    await wait_until(lambda: len(receiver.requests) == 3)
    scopes = sorted(b["scope"] for b in receiver.bodies())
    assert scopes == ["store/category/created", "store/category/deleted", "store/category/updated"]
    assert all(b["data"] == {"type": "category", "id": category_id} for b in receiver.bodies())
