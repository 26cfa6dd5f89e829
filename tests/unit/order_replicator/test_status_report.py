"""`storebridge status orders`: the text and the `--json` object come from one report."""

from __future__ import annotations

import json

from storebridge_order_replicator.status import OrdersReport, report_lines, report_record
from storebridge_shared.broker.dead_letter_records import DeadMessage
from storebridge_shared.records.orders import PollRun

T0 = 1_700_000_000_000
COUNTS = {"new": 1, "waiting": 0, "stored": 0, "moved": 0, "replicated": 4}


def report(**fields: object) -> OrdersReport:
    run = PollRun("p1", "a1", T0, T0 + 1_500, T0 - 60_000, found=2, new=1, errors=["429"])
    dead = DeadMessage("e1", "boom", "3", "2026-12-02T07:00:00+00:00", "a1.order.created", {}, b"")
    values: dict[str, object] = {
        "runs": [run],
        "counts": COUNTS,
        "dead_orders": 1,
        "dead_queue": "ns.order-replicator.dead",
        "dead_total": 1,
        "dead_letters": [dead],
    }
    return OrdersReport(**(values | fields))  # type: ignore[arg-type]


def test_given_a_report_then_the_json_holds_runs_counts_and_dead_letters_as_the_text_does():
    record = json.loads(json.dumps(report_record(report())))
    text = "\n".join(report_lines(report()))

    [run] = record["poll_runs"]
    assert (run["run_id"], run["status"], run["duration_ms"], run["errors"]) == (
        "p1",
        "failed",
        1_500,
        ["429"],
    )
    assert record["orders_by_state"] == COUNTS and record["dead_orders"] == 1
    assert record["dead_letters"]["count"] == 1
    assert record["dead_letters"]["peeked"][0]["event_id"] == "e1"
    assert "replicated  4" in text and "1 in ns.order-replicator.dead" in text


def test_given_an_unreachable_broker_then_both_forms_say_so_and_keep_the_rest():
    unreachable = report(dead_queue="", dead_total=0, dead_letters=[], broker_error="refused")

    record = report_record(unreachable)

    assert record["dead_letters"] is None and record["broker_error"] == "refused"
    assert record["orders_by_state"] == COUNTS
    assert report_lines(unreachable)[-1] == "  broker unavailable: refused"
