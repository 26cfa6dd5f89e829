"""Alerts reach the webhook channel, and a broken channel never raises."""

from __future__ import annotations

import pytest
from aiohttp import web

from storebridge_shared.ops.alerts import Alerter, SmtpTarget

pytestmark = pytest.mark.integration


async def test_given_an_alert_webhook_when_an_alert_is_raised_then_slack_compatible_json_is_posted():
    received = []

    async def receive(request: web.Request) -> web.Response:
        received.append(await request.json())
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", receive)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        await Alerter(
            service="order-replicator", webhook_url=f"http://127.0.0.1:{port}/hook"
        ).alert("dead_lettered", "order 250 failed 20 times", store="abc123", order_id=250)
    finally:
        await runner.cleanup()

    [body] = received
    assert body["text"].startswith("[storebridge order-replicator] dead_lettered: order 250")
    assert body["context"] == {"store": "abc123", "order_id": "250"}


async def test_given_unreachable_channels_when_an_alert_is_raised_then_it_does_not_raise():
    alerter = Alerter(
        service="x",
        webhook_url="http://127.0.0.1:9/nothing",
        smtp=SmtpTarget(host="127.0.0.1", port=9, sender="a@b", recipients=("c@d",)),
        timeout=1,
    )
    await alerter.alert("poll_failed", "store unreachable")
