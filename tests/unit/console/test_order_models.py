"""The Orders page's view model: our state beside BigCommerce's status, poll rows, last polls;
the resource page's order lookup."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storebridge_console.order_models import (
    BadOrderQuery,
    OrderQuery,
    last_polls,
    order_detail_view,
    order_query,
    order_row,
    poll_row,
)
from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.records.orders import DeadOrder, OrderDetail, OrderStep
from storebridge_shared.store.orders import OrderRow
from storebridge_shared.store.orders import order_row as stored_row
from storebridge_shared.store.poll_runs import PollRun

T0 = 1_700_000_000_000


def row(**fields: object) -> OrderRow:
    values: dict[str, object] = {
        "store_hash": "a1",
        "order_id": 7,
        "state": "replicated",
        "first_seen_ms": T0,
        "bc_status_id": 2,
        "bc_status": "Shipped",
        "target_status_id": 2,
        "status_action": "moved",
        "last_error": "",
        "failures": 0,
    }
    return OrderRow(**(values | fields))  # type: ignore[arg-type]


def test_given_a_read_status_then_the_row_shows_its_id_and_name() -> None:
    assert order_row(row())["bc_status"] == "2 Shipped"
    assert order_row(row(bc_status=""))["bc_status"] == "2"


def test_given_no_status_read_yet_then_the_row_says_so_and_an_error_marks_it_bad() -> None:
    shown = order_row(row(bc_status_id=None, bc_status="", last_error="503", target_status_id=None))

    assert (shown["bc_status"], shown["target"], shown["bad"]) == ("not read yet", "", True)


def test_given_a_failed_poll_then_its_row_shows_the_first_error_and_its_duration() -> None:
    run = PollRun("p", "a1", T0, T0 + 65_000, T0 - 1, found=3, errors=["429", "503"])

    shown = poll_row(run)

    assert (shown["status"], shown["error"], shown["duration"]) == ("failed", "429", "1m05s")


def test_given_a_store_never_polled_then_its_last_poll_is_never() -> None:
    shown = last_polls({"A (a1)": T0, "B (b2)": None})

    assert [p["started"] for p in shown] == ["2023-11-14 22:13:20 UTC", "never"]


def test_given_a_document_from_mongodb_or_the_stand_in_then_the_copy_status_reads_the_same() -> (
    None
):
    base = {"store_hash": "a1", "order_id": 7, "state": "moved", "first_seen_ms": T0}
    nested = stored_row(base | {"order": {"status_id": 2, "status": "Shipped"}})
    dotted = stored_row(base | {"order.status_id": 2, "order.status": "Shipped"})
    waiting = stored_row(base | {"state": "waiting", "seen_status_id": 1})

    assert nested == dotted
    assert (nested.bc_status_id, nested.bc_status) == (2, "Shipped")
    assert (waiting.bc_status_id, waiting.bc_status) == (1, "")


def test_given_a_lookup_form_then_the_order_query_defaults_to_store_a_and_refuses_bad_input() -> (
    None
):
    assert order_query("", "110", "storea") == OrderQuery("storea", 110)
    assert order_query(" storeb ", " 7 ", "storea") == OrderQuery("storeb", 7)
    assert order_query("storeb", "", "storea") is None  # no order asked
    with pytest.raises(BadOrderQuery, match="order must be a number"):
        order_query("", "7x", "storea")
    with pytest.raises(BadOrderQuery, match="store hash"):
        order_query("a/b", "7", "storea")


def test_given_a_replicated_order_then_its_detail_shows_the_step_and_when_it_happened() -> None:
    at = datetime(2026, 12, 2, 7, 0, 5, tzinfo=UTC)
    detail = OrderDetail(
        row=row(),
        status_before=11,
        status_after=2,
        steps=OrderStep(stored_at=at, moved_at=at, announced_at=at),
        refreshes=2,
        lease_owner="host:12:ab",
        lease_until_ms=T0 - 1,
    )

    shown = order_detail_view(OrderQuery("a1", 7), detail, [], T0)

    assert shown["found"] and shown["outcome"] == "replicated (moved)"
    assert (shown["bc_status"], shown["step"]) == ("2 Shipped", "moved (11 -> 2)")
    assert shown["stored_at"] == "2026-12-02 07:00:05 UTC" and shown["seen_at"] == ""
    assert shown["working"] == "" and shown["dead"] is None  # its lease expired


def test_given_a_failing_a_dead_and_an_unknown_order_then_the_outcome_says_why() -> None:
    failing = OrderDetail(
        row=row(state="stored", status_action="", last_error="503", failures=3),
        lease_owner="host:12:ab",
        lease_until_ms=T0 + 60_000,
    )
    dead = OrderDetail(
        row=row(state="new", last_error="422", failures=1),
        dead=DeadOrder("422 invalid", T0, ("e1",)),
    )

    shown = order_detail_view(OrderQuery("a1", 7), failing, [], T0)
    gone = order_detail_view(OrderQuery("a1", 8), dead, [], T0)
    never = order_detail_view(OrderQuery("a1", 9), None, [], T0)

    assert shown["outcome"] == "failing: 3 failed attempt(s) so far, retried"
    assert shown["step"] == "" and shown["working"].startswith("host:12:ab until ")
    assert gone["outcome"].startswith("dead-lettered") and gone["dead"]["event_ids"] == ["e1"]
    assert gone["dead"]["service"] == "order-replicator"
    assert never == {"store_hash": "a1", "order_id": 9, "found": False, "events": []}


def test_given_a_converted_cart_then_its_subject_is_the_order_it_made() -> None:
    at = datetime(2026, 12, 2, 7, 0, tzinfo=UTC)
    cart = EventEnvelope(
        event_id="e1",
        store_hash="a1",
        scope="store/cart/converted",
        resource_type="cart",
        resource_id="c-9f2",
        bc_hash="h1",
        created_at=at,
        received_at=at,
        payload={"type": "cart", "id": "c-9f2", "orderId": 110},
    )

    assert cart.subject == "a1:order:110"
    assert cart.model_copy(update={"payload": {"id": "c-9f2"}}).subject == "a1:cart:c-9f2"
