"""Dead letters as operators see them: routing keys as the broker has them; a requeued dead
letter starts over (failure and broker headers dropped, others kept)."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from storebridge_shared.broker.dead_letters import REQUEUED_AT_HEADER, DeadMessage, requeue_headers


def test_given_a_dead_letter_when_requeued_then_attempt_and_failure_headers_are_reset():
    headers = {
        "x-storebridge-attempt": 8,
        "x-storebridge-reason": "gave up after 8 attempt(s): boom",
        "x-storebridge-attempts": 8,
        "x-storebridge-first-failed-at": "2026-01-01T00:00:00+00:00",
        "x-first-death-reason": "delivery_limit",
        "x-death": [{"count": 1}],
        "x-storebridge-schema": 1,
        "traceparent": "00-abc",
    }
    now = datetime(2026, 1, 2, tzinfo=UTC)

    assert requeue_headers(headers, now) == {
        "x-storebridge-schema": 1,
        "traceparent": "00-abc",
        REQUEUED_AT_HEADER: now.isoformat(),
    }


def test_given_a_dead_envelope_when_read_then_its_routing_key_is_the_brokers():
    body = b'{"event_id": "e1", "store_hash": "abc", "scope": "store/product/inventory/updated"}'
    message = SimpleNamespace(headers={}, message_id="e1", body=body)

    dead = DeadMessage.of(message)  # type: ignore[arg-type]

    assert dead.routing_key == "abc.product.inventory.updated"
