"""Alerts reach the webhook channel, and a broken channel never raises."""

from __future__ import annotations

import pytest

from storebridge_shared.ops.alerts import Alerter, SmtpTarget
from tests.support.alerts import alert_receiver

pytestmark = pytest.mark.integration


async def test_given_an_alert_webhook_when_an_alert_is_raised_then_slack_compatible_json_is_posted():
    async with alert_receiver() as (url, received):
        await Alerter(service="order-replicator", webhook_url=url).alert(
            "dead_lettered", "order 250 failed 20 times", store="abc123", order_id=250
        )

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
