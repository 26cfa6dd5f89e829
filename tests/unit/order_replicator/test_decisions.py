"""Which events start a replication, where the status goes, and never backwards."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storebridge_order_replicator.decisions import (
    POLLED_SCOPE,
    OrderRules,
    bigcommerce_time,
    is_digital_only,
    order_id_of,
    parse_status_ids,
    status_action,
    status_fields,
    target_status,
    triggering_order_id,
)
from storebridge_shared.bigcommerce.models import OrderProduct

RULES = OrderRules()


@pytest.mark.parametrize(
    ("scope", "payload", "expected"),
    [
        ("store/order/created", {"type": "order", "id": 5}, 5),
        ("store/cart/converted", {"type": "cart", "id": "c-uuid", "orderId": 6}, 6),
        (POLLED_SCOPE, {"type": "order", "id": 7, "status_id": 11}, 7),
        ("store/order/statusUpdated", {"id": 8, "status": {"new_status_id": 11}}, 8),
        ("store/order/statusUpdated", {"id": 8, "status": {"new_status_id": 9}}, None),
        ("store/order/statusUpdated", {"id": 8, "status": {"new_status_id": 2}}, None),
        ("store/order/updated", {"id": 9}, None),
        ("store/order/archived", {"id": 9}, None),
        ("store/product/updated", {"id": 9}, None),
        ("store/order/created", {"id": "not-a-number"}, None),
    ],
)
def test_given_an_event_then_the_order_it_asks_to_replicate(scope, payload, expected):
    assert triggering_order_id(scope, payload, RULES) == expected


def test_given_only_digital_lines_then_awaiting_pickup_else_awaiting_shipment():
    digital, physical = OrderProduct(id=1, type="digital"), OrderProduct(id=2, type="physical")
    gift = OrderProduct(id=3, type="giftcertificate")
    assert target_status(RULES, [digital, gift]) == 8
    assert target_status(RULES, [digital, physical]) == 9
    assert target_status(RULES, [physical]) == 9
    assert not is_digital_only([])


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        (11, "move"),
        (7, "move"),
        (9, "already"),
        (10, "keep"),
        (2, "keep"),
        (5, "keep"),
        (1, "keep"),
    ],
)
def test_given_the_current_status_then_the_order_moves_only_forward(current, expected):
    assert status_action(RULES, current, 9) == expected


def test_given_a_shipped_status_configured_as_source_then_it_is_still_never_moved():
    rules = OrderRules(source_statuses=frozenset({2, 11}))
    assert status_action(rules, 2, 9) == "keep"


def test_given_status_text_then_ids_are_parsed():
    assert parse_status_ids(" 11, 7,10 ") == frozenset({11, 7, 10})


@pytest.mark.parametrize(
    ("scope", "payload", "expected"),
    [
        ("store/cart/converted", {"type": "cart", "id": "c-uuid", "orderId": 6}, 6),
        ("store/order/updated", {"type": "order", "id": 9}, 9),
        ("store/order/created", {"id": None}, None),
        ("store/order/created", {"id": "x"}, None),
    ],
)
def test_given_an_order_or_cart_event_then_the_order_it_names(scope, payload, expected):
    assert order_id_of(scope, payload) == expected


def test_given_an_order_answer_then_only_its_status_fields_are_taken():
    order = {"id": 5, "status_id": 5, "status": "Cancelled", "date_modified": "d", "total": "1"}
    assert status_fields(order) == {"status_id": 5, "status": "Cancelled", "date_modified": "d"}


def test_given_a_v2_date_then_it_is_an_aware_time_and_garbage_is_none():
    moment = bigcommerce_time("Tue, 01 Dec 2026 10:00:05 +0000")
    assert moment is not None and (moment.second, moment.utcoffset()) == (5, timedelta(0))
    assert bigcommerce_time("") is None and bigcommerce_time("not a date") is None


def test_given_an_order_date_when_measuring_lag_then_seconds_since_it_and_never_negative():
    from datetime import UTC, datetime

    from storebridge_order_replicator.decisions import seconds_since

    now = datetime(2026, 12, 1, 10, 0, 30, tzinfo=UTC)
    assert seconds_since("Tue, 01 Dec 2026 10:00:00 +0000", now) == 30.0
    assert seconds_since("Tue, 01 Dec 2026 10:01:00 +0000", now) == 0.0
    assert seconds_since(None, now) is None
    assert seconds_since("yesterday", now) is None
