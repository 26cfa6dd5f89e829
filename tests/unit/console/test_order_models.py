"""The Orders page's view model: our state beside BigCommerce's status, poll rows, last polls."""

from __future__ import annotations

from storebridge_console.order_models import last_polls, order_row, poll_row
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
