"""A requeued dead letter starts over: failure and broker headers dropped, others kept."""

from __future__ import annotations

from datetime import UTC, datetime

from storebridge_shared.broker.dead_letters import REQUEUED_AT_HEADER, requeue_headers


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
