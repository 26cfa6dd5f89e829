"""Dead letters as operators see them: any body is read without raising and gets an id for
`--id`; routing keys as the broker has them; a requeued dead letter starts over (failure and
broker headers dropped, others kept)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storebridge_shared.broker.consumer.retry import ROUTING_KEY_HEADER
from storebridge_shared.broker.dead_letter_records import DIGEST_ID_PREFIX, digest_id
from storebridge_shared.broker.dead_letters import REQUEUED_AT_HEADER, DeadMessage, requeue_headers

ODD_BODIES = {
    "not json": b"\xff\xfe not json at all",
    "a list": b"[1, 2, 3]",
    "a string": b'"store/product/updated"',
    "null": b"null",
    "an object without fields": b'{"hello": "world"}',
    "event id not a string": b'{"event_id": {"nested": 1}, "store_hash": 7}',
    "event id with spaces and newlines": b'{"event_id": "a b\\nc"}',
    "too deep": b"[" * 100_000 + b"]" * 100_000,
    "an integer over 4300 digits": b'{"n": ' + b"9" * 5000 + b"}",
    "huge": b'{"event_id": "' + b"x" * 300 + b'", "blob": "' + b"y" * 2_000_000 + b'"}',
    "empty": b"",
}


def delivered(body: bytes, **properties: Any) -> SimpleNamespace:
    values = {"headers": {}, "message_id": None, "routing_key": "storebridge.catalog-sync"}
    return SimpleNamespace(body=body, **(values | properties))


def test_given_a_dead_letter_when_requeued_then_attempt_and_failure_headers_are_reset():
    headers = {
        "x-storebridge-attempt": 8,
        "x-storebridge-reason": "gave up after 8 attempt(s): boom",
        "x-storebridge-attempts": 8,
        "x-storebridge-first-failed-at": "2026-01-01T00:00:00+00:00",
        "x-storebridge-routing-key": "abc.order.created",
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

    dead = DeadMessage.of(delivered(body, message_id="e1"))

    assert (dead.event_id, dead.routing_key) == ("e1", "abc.product.inventory.updated")


def test_given_the_runtime_recorded_the_delivered_key_then_it_is_the_one_shown():
    headers = {ROUTING_KEY_HEADER: b"abc.product.updated"}

    dead = DeadMessage.of(delivered(b"not json", headers=headers))

    assert dead.routing_key == "abc.product.updated"


def test_given_a_broker_dead_letter_then_the_key_of_its_first_death_is_shown():
    headers = {
        "x-first-death-reason": "delivery_limit",
        "x-death": [{"count": 20, "routing-keys": [b"abc.order.created"], "reason": "x"}],
    }

    dead = DeadMessage.of(delivered(b"[]", headers=headers))

    assert (dead.routing_key, dead.reason) == ("abc.order.created", "broker: delivery_limit")


@pytest.mark.parametrize("body", ODD_BODIES.values(), ids=ODD_BODIES.keys())
def test_given_an_odd_body_then_it_is_read_with_an_id_and_shown_as_json(body):
    dead = DeadMessage.of(delivered(body))

    assert dead.event_id == digest_id(body)
    assert dead.event_id.startswith(DIGEST_ID_PREFIX)
    assert dead.routing_key == "storebridge.catalog-sync"
    assert (dead.reason, dead.attempts) == ("unknown", "?")
    assert set(json.loads(dead.shown())) == {"headers", "body"}


@given(
    body=st.binary(max_size=2000),
    message_id=st.none() | st.text(max_size=300),
    headers=st.dictionaries(
        st.text(max_size=30),
        st.none() | st.binary(max_size=50) | st.text(max_size=600) | st.integers(),
        max_size=5,
    ),
)
def test_given_any_body_and_headers_then_reading_never_raises_and_the_id_is_a_token(
    body, message_id, headers
):
    dead = DeadMessage.of(delivered(body, message_id=message_id, headers=headers))

    assert 0 < len(dead.event_id) <= 200 and dead.event_id.isprintable()
    assert " " not in dead.event_id
    assert len(dead.reason) <= 500 and dead.reason.isprintable()
    assert dead.routing_key.isprintable()
    json.loads(dead.shown())
