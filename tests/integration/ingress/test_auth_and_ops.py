"""Signatures when configured, and the operational endpoints."""

from __future__ import annotations

import json
import time

import pytest

from storebridge_ingress.auth import sign
from tests.support.ingress import IngressFactory, webhook
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration

SIGNING_SECRET = "client-secret-of-the-app"


def signed_headers(body: bytes, *, secret: str = SIGNING_SECRET, at: int | None = None) -> dict:
    timestamp = at if at is not None else int(time.time())
    return {
        "webhook-id": "msg_1",
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret, "msg_1", timestamp, body),
    }


class TestSignatures:
    async def test_given_a_signing_secret_when_a_correctly_signed_delivery_arrives_then_200(
        self, ingress_factory: IngressFactory
    ):
        body = json.dumps(webhook()).encode()
        async with ingress_factory(webhook_signing_secret=SIGNING_SECRET) as ingress:
            response = await ingress.post(body, headers=signed_headers(body))
        assert response.status_code == 200

    @pytest.mark.parametrize("tamper", ["unsigned", "wrong-key", "stale", "body-changed"])
    async def test_given_a_signing_secret_when_the_signature_does_not_hold_then_401(
        self, ingress_factory: IngressFactory, db, tamper
    ):
        body = json.dumps(webhook()).encode()
        headers = {
            "unsigned": {},
            "wrong-key": signed_headers(body, secret="other"),
            "stale": signed_headers(body, at=int(time.time()) - 3600),
            "body-changed": signed_headers(body + b" "),
        }[tamper]
        async with ingress_factory(webhook_signing_secret=SIGNING_SECRET) as ingress:
            response = await ingress.post(body, headers=headers)
        assert response.status_code == 401
        assert await db.events.count_documents({}) == 0


class TestOperations:
    async def test_given_a_running_ingress_then_healthz_and_readyz_answer_200(self, ingress):
        assert (await ingress.http.get("/healthz")).json() == {"status": "ok"}
        assert (await ingress.http.get("/readyz")).json() == {"mongodb": True, "broker": True}

    async def test_given_traffic_when_metrics_are_scraped_then_they_count_outcomes(self, ingress):
        body = webhook()
        await ingress.post(body)
        await ingress.post(body)
        await ingress.post(body, secret="wrong")

        async def backlog_reported() -> bool:
            text = (await ingress.http.get("/metrics")).text
            return "storebridge_ingress_unpublished_events 0.0" in text

        await wait_until(backlog_reported)
        text = (await ingress.http.get("/metrics")).text
        assert 'storebridge_ingress_events_total{outcome="accepted"} 1.0' in text
        assert 'storebridge_ingress_events_total{outcome="duplicate"} 1.0' in text
        assert 'storebridge_ingress_events_total{outcome="unauthenticated"} 1.0' in text
        assert 'storebridge_ingress_requests_total{status="401"} 1.0' in text
        assert "storebridge_ingress_publish_seconds_count 1.0" in text
