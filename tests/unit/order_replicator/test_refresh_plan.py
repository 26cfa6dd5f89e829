"""When an order event refreshes the stored copy, and what the refresh stores (pure)."""

from __future__ import annotations

import pytest

from storebridge_order_replicator.refresh_plan import (
    REFRESH_SCOPES,
    CopyView,
    modified_s,
    own_update_s,
    plan_refresh,
    refresh_gate,
    refreshing_order_id,
)

T = 1_800_000_000
"""A second of BigCommerce's clock."""
UPDATED, STATUS, ARCHIVED, REFUND = (
    "store/order/updated",
    "store/order/statusUpdated",
    "store/order/archived",
    "store/order/refund/created",
)


def view(state: str = "replicated", copy_s: int | None = T, own_s: int | None = None, **kw):
    return CopyView(state, kw.get("has_copy", True), copy_s, own_s, kw.get("leased", False))


@pytest.mark.parametrize(
    ("scope", "payload", "expected"),
    [
        (UPDATED, {"type": "order", "id": 5}, 5),
        (STATUS, {"type": "order", "id": 6}, 6),
        (STATUS, {"id": 6, "status": {"previous_status_id": 9, "new_status_id": 2}}, 6),
        (ARCHIVED, {"type": "order", "id": 7}, 7),
        (REFUND, {"type": "order", "id": 8, "refund": {"refund_id": 3}}, 8),
        ("store/order/created", {"type": "order", "id": 9}, None),
        ("store/cart/converted", {"id": "c", "orderId": 9}, None),
    ],
)
def test_given_an_order_event_then_the_order_it_refreshes(scope, payload, expected):
    assert refreshing_order_id(scope, payload) == expected


@pytest.mark.parametrize("scope", [UPDATED, STATUS, ARCHIVED, REFUND])
def test_given_a_replicated_copy_when_an_event_is_newer_then_it_is_refreshed(scope):
    assert refresh_gate(view(), scope, T + 1) == "refresh"
    assert refresh_gate(view(), scope, T) == "refresh"  # same second, not our echo


@pytest.mark.parametrize("scope", [UPDATED, STATUS, ARCHIVED, REFUND])
def test_given_an_event_older_than_the_copy_then_it_is_stale(scope):
    assert refresh_gate(view(), scope, T - 1) == "stale"


def test_given_the_echo_of_our_own_status_update_then_it_is_stale_but_a_refund_is_not():
    ours = view(copy_s=T - 5, own_s=T)
    assert refresh_gate(ours, UPDATED, T) == "stale"
    assert refresh_gate(ours, STATUS, T) == "stale"
    assert refresh_gate(ours, REFUND, T) == "refresh"
    assert refresh_gate(ours, UPDATED, T + 1) == "refresh"
    assert refresh_gate(ours, UPDATED, T - 2) == "refresh"  # a change before our PUT


@pytest.mark.parametrize("state", ["stored", "moved"])
def test_given_an_order_being_replicated_when_a_newer_event_comes_then_it_waits(state):
    assert refresh_gate(view(state), UPDATED, T + 1) == "busy"
    assert refresh_gate(view(state), UPDATED, T - 1) == "stale"


def test_given_an_order_not_replicated_then_nothing_unless_it_is_being_read():
    assert refresh_gate(None, UPDATED, T) == "absent"
    waiting = view("waiting", copy_s=None, has_copy=False)
    assert refresh_gate(waiting, STATUS, T) == "absent"
    being_read = view("new", copy_s=None, has_copy=False, leased=True)
    assert refresh_gate(being_read, UPDATED, T) == "busy"


def test_given_a_copy_stored_before_its_date_was_kept_then_its_order_dates_it():
    doc = {"state": "replicated", "order": {"date_modified": "Fri, 15 Jan 2027 08:00:00 +0000"}}
    assert CopyView.of(doc, 0).copy_modified_s == modified_s(doc["order"]) is not None


def test_given_a_read_when_compared_with_the_copy_then_the_changed_fields_are_listed():
    stored = {"id": 1, "status_id": 9, "products": [{"id": 1, "quantity": 1}], "coupons": []}
    read = {"id": 1, "status_id": 2, "products": [{"id": 1, "quantity": 2}], "coupons": []}
    plan = plan_refresh(stored, read)
    assert plan.changed == ["products", "status_id"] and plan.document == read
    assert plan_refresh(stored, dict(stored)).changed == []


def test_given_our_status_update_then_its_second_is_kept_only_when_we_sent_a_put():
    answer = {"date_modified": "Fri, 15 Jan 2027 08:00:05 +0000"}
    assert own_update_s(answer, True) == modified_s(answer)
    assert own_update_s(answer, False) is None


def test_given_the_hooks_we_register_then_every_order_scope_the_replicator_reads_is_among_them():
    from storebridge_order_replicator.decisions import TRIGGER_SCOPES
    from storebridge_shared.events.scopes import ACCEPTED_SCOPES, HOOK_SCOPES

    webhook_scopes = (REFRESH_SCOPES | TRIGGER_SCOPES) - {"storebridge/order/polled"}
    assert webhook_scopes <= set(HOOK_SCOPES) <= ACCEPTED_SCOPES
