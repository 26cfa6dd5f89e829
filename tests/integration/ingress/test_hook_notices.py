"""`store/hook/deliveryException` notices at the ingress: authenticated and checked like any
delivery, alerted once per hook and error code, never stored as events nor published."""

from __future__ import annotations

import pytest

from tests.support.alerts import alert_receiver
from tests.support.ingress import STORE_A, IngressFactory, webhook

pytestmark = pytest.mark.integration

PATH = "/webhooks/hooks/deliveryException"
SCOPE = "store/hook/deliveryException"


def notice(hook_id: int = 7, error_code: int = 90001, **overrides) -> dict:
    body = webhook(SCOPE, **overrides)
    body["data"] = {"type": "webhook", "id": hook_id, "error_code": error_code, "message": "m"}
    return body


async def test_given_notices_when_repeated_then_each_hook_and_code_alerts_once_and_nothing_is_an_event(
    ingress_factory: IngressFactory, db
):
    async with (
        alert_receiver() as (url, alerts),
        ingress_factory(alert_webhook_url=url) as ingress,
    ):
        answers = [
            (await ingress.post(body, path=PATH)).json()["alerted"]
            for body in (notice(), notice(), notice(error_code=90002), notice(hook_id=8))
        ]
        queued = await ingress.queued("catalog-sync") + await ingress.queued("order-replicator")

    assert answers == [True, False, True, True]
    assert [(a["context"]["hook_id"], a["context"]["error_code"]) for a in alerts] == [
        ("7", "90001"),
        ("7", "90002"),
        ("8", "90001"),
    ]
    assert "BigCommerce disabled the hook" in alerts[1]["text"]
    assert await db.events.count_documents({}) == 0
    assert queued == 0
    assert (await db.hook_notices.find_one({"_id": f"{STORE_A}:7:90001"}))["count"] == 2


@pytest.mark.parametrize(
    ("body", "secret", "status"),
    [
        (notice(), "wrong", 401),
        (notice(store="zzz999"), "s3cret-for-tests", 403),
        (webhook(SCOPE), "s3cret-for-tests", 400),  # data names no hook and no error code
        (webhook("store/product/updated"), "s3cret-for-tests", 422),
        (b"[1, 2]", "s3cret-for-tests", 400),
    ],
    ids=["unauthenticated", "unknown store", "no hook id", "not a notice", "not an object"],
)
async def test_given_a_bad_notice_then_it_is_refused_and_nothing_is_recorded(
    ingress_factory: IngressFactory, db, body, secret, status
):
    async with ingress_factory() as ingress:
        response = await ingress.post(body, path=PATH, secret=secret)

    assert response.status_code == status
    assert await db.hook_notices.count_documents({}) == 0
