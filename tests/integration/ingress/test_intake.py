"""The ingress stores each authenticated delivery once and publishes it once before its 200."""

from __future__ import annotations

import asyncio

import pytest

from tests.support.ingress import STORE_A, RunningIngress, webhook
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration


async def stored(ingress: RunningIngress, db) -> list[dict]:
    return [doc async for doc in db.events.find({})]


class TestDurableIntake:
    async def test_given_a_valid_delivery_when_posted_then_200_comes_after_it_is_stored_and_published(
        self, ingress, db
    ):
        body = webhook("store/product/updated", resource_id=205)

        response = await ingress.post(body)

        assert response.status_code == 200
        [doc] = await stored(ingress, db)
        assert doc["status"] in ("received", "published")  # durable; the confirm mark follows

        async def marked_published() -> bool:
            return (await db.events.find_one({}))["status"] == "published"

        await wait_until(marked_published)
        assert (doc["store_hash"], doc["bc_hash"], doc["scope"]) == (
            STORE_A,
            body["hash"],
            "store/product/updated",
        )
        [message] = await ingress.take("catalog-sync")
        assert message["event_id"] == response.json()["event_id"] == doc["_id"]
        assert message["resource_id"] == "205"
        assert message["payload"] == body["data"]

    async def test_given_a_delivered_event_when_bigcommerce_redelivers_it_then_it_is_stored_and_published_once(
        self, ingress, db
    ):
        body = webhook()
        first = await ingress.post(body)

        again = await ingress.post(body)

        assert again.status_code == 200
        assert again.json() == {"event_id": first.json()["event_id"], "duplicate": True}
        assert len(await stored(ingress, db)) == 1
        assert len(await ingress.take()) == 1

    async def test_given_order_and_cart_events_when_posted_then_they_reach_the_order_replicator(
        self, ingress
    ):
        await ingress.post(webhook("store/order/created", resource_id=250))
        await ingress.post(webhook("store/cart/converted", orderId=252))

        messages = await ingress.take("order-replicator")

        assert sorted(m["scope"] for m in messages) == [
            "store/cart/converted",
            "store/order/created",
        ]
        assert await ingress.queued("catalog-sync") == 0

    async def test_given_many_concurrent_deliveries_with_repeats_then_each_is_stored_and_published_once(
        self, ingress, db
    ):
        bodies = [webhook(resource_id=i, bc_hash=f"{i:040d}") for i in range(60)]

        responses = await asyncio.gather(*(ingress.post(b) for b in bodies + bodies[:30]))

        assert {r.status_code for r in responses} == {200}
        assert len(await stored(ingress, db)) == 60
        assert len(await ingress.take()) == 60

    async def test_given_the_nodejs_app_paths_when_posted_then_they_are_accepted(self, ingress):
        for path, scope in [
            ("/webhooks/products/created", "store/product/created"),
            ("/webhooks/categories/updated", "store/category/updated"),
            ("/webhooks/sku/deleted", "store/sku/deleted"),
            ("/webhooks/carts/converted", "store/cart/converted"),
            ("/webhooks/orders/statusUpdated", "store/order/statusUpdated"),
        ]:
            response = await ingress.post(webhook(scope), path=path)
            assert response.status_code == 200, (path, response.text)


class TestRejections:
    @pytest.mark.parametrize("secret", [None, "wrong", ""])
    async def test_given_a_missing_or_wrong_secret_when_posted_then_401_and_nothing_stored(
        self, ingress, db, secret
    ):
        response = await ingress.post(webhook(), secret=secret)

        assert response.status_code == 401
        assert "reason" in response.json()
        assert await stored(ingress, db) == []
        assert await ingress.queued() == 0

    async def test_given_a_store_that_is_not_configured_when_posted_then_403(self, ingress, db):
        response = await ingress.post(webhook(store="zzz999"))

        assert response.status_code == 403
        assert "zzz999" in response.json()["reason"]
        assert await stored(ingress, db) == []

    @pytest.mark.parametrize(
        ("body", "status", "reason_part"),
        [
            (b"{not json", 400, "malformed JSON"),
            (b"[1, 2]", 400, "JSON object"),
            (b'{"scope": "store/product/updated"}', 400, "not a BigCommerce webhook"),
            (
                b'{"scope": "store/product/updated", "store_id": "1", "data": {}, "hash": "h",'
                b' "created_at": 1, "producer": "nobody"}',
                400,
                "producer",
            ),
            (
                b'{"scope": "store/app/uninstalled", "store_id": "1", "data": {}, "hash": "h",'
                b' "created_at": 1, "producer": "stores/abc123"}',
                422,
                "unknown scope",
            ),
        ],
    )
    async def test_given_a_bad_body_when_posted_then_a_json_reason_and_nothing_stored(
        self, ingress, db, body, status, reason_part
    ):
        response = await ingress.post(body)

        assert response.status_code == status
        assert reason_part in response.json()["reason"]
        assert await stored(ingress, db) == []
        assert await ingress.queued() == 0

    async def test_given_a_body_over_the_limit_when_posted_then_413(self, ingress, db):
        body = webhook(padding="x" * (ingress.settings.webhook_max_body_bytes + 1))

        response = await ingress.post(body)

        assert response.status_code == 413
        assert await stored(ingress, db) == []

    async def test_given_a_wrong_content_type_when_posted_then_415(self, ingress, db):
        response = await ingress.post(webhook(), headers={"Content-Type": "text/plain"})

        assert response.status_code == 415
        assert await stored(ingress, db) == []

    async def test_given_a_path_scope_that_differs_from_the_body_when_posted_then_422(
        self, ingress, db
    ):
        response = await ingress.post(
            webhook("store/order/created"), path="/webhooks/products/updated"
        )

        assert response.status_code == 422
        assert await stored(ingress, db) == []

    async def test_given_an_unknown_legacy_path_when_posted_then_404(self, ingress):
        response = await ingress.post(webhook(), path="/webhooks/widgets/created")

        assert response.status_code == 404
