"""What the dead-letter pages show (pure)."""

from __future__ import annotations

from storebridge_console.dead_letter_models import SHOWN_BODY_CHARS, dead_letter_view, queue_view
from storebridge_shared.broker.dead_letter_records import DeadMessage


def dead(event_id: str, body: bytes = b'{"event_id": "e"}') -> DeadMessage:
    return DeadMessage(
        event_id,
        "permanent failure: boom",
        "3",
        "2026-12-02T07:00:00+00:00",
        "abc.order.created",
        {"x-storebridge-reason": "boom"},
        body,
    )


def test_given_more_waiting_than_peeked_then_the_queue_says_how_many_more():
    view = queue_view("order-replicator", "ns.order-replicator.dead", 150, [dead("a"), dead("b")])
    assert view["more"] == 148 and [m["event_id"] for m in view["messages"]] == ["a", "b"]
    assert view["messages"][0]["size"] == len(b'{"event_id": "e"}')


def test_given_a_huge_body_then_the_shown_text_is_cut_and_says_so():
    view = dead_letter_view("catalog-sync", dead("a", b"x" * (SHOWN_BODY_CHARS * 2)))
    assert view["cut"] is True and len(view["shown"]) == SHOWN_BODY_CHARS
    small = dead_letter_view("catalog-sync", dead("a"))
    assert small["cut"] is False and '"x-storebridge-reason": "boom"' in small["shown"]
