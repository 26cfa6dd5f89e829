"""How many events the event-log search reads next, and where its next page starts (pure)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storebridge_shared.events.listing import (
    MOST_IDS_AFTER,
    After,
    EventRow,
    after_rows,
    next_page_size,
)


def test_given_nothing_read_yet_then_as_many_as_wanted_since_every_event_may_match():
    assert next_page_size(201, 0, 0) == 201


def test_given_more_wanted_than_a_page_then_a_page():
    assert next_page_size(2000, 0, 0, largest=500) == 500


@pytest.mark.parametrize(
    ("wanted", "matched", "read", "expected"),
    [
        (121, 80, 201, 381),  # 2 in 5 match: 121 more over 0.4, a quarter more
        (10, 100, 100, 13),  # every one matched: the rest and a quarter
        (150, 1, 500, 500),  # a rare scope: a whole page
    ],
)
def test_given_a_share_matched_then_the_rest_over_that_share_and_a_quarter_at_most_a_page(
    wanted, matched, read, expected
):
    assert next_page_size(wanted, matched, read, largest=500) == expected


def test_given_none_matched_yet_then_a_whole_page():
    assert next_page_size(201, 0, 201, largest=500) == 500


def row(event_id: str, ms: int) -> EventRow:
    at = datetime.fromtimestamp(ms / 1000, UTC)
    return EventRow(event_id, "store/order/created", "order", "1", at, ms)


def test_given_a_page_then_the_next_starts_at_its_last_millisecond_without_the_ids_shown_there():
    page = [row("a", 10), row("b", 20), row("c", 20)]
    assert after_rows(page) == After(20, frozenset({"b", "c"}))
    assert after_rows([]) is None


def test_given_a_page_within_the_millisecond_the_last_ended_at_then_both_pages_ids_are_kept():
    assert after_rows([row("d", 20)], After(20, frozenset({"b", "c"}))) == After(
        20, frozenset({"b", "c", "d"})
    )
    assert after_rows([row("d", 30)], After(20, frozenset({"b", "c"}))) == After(
        30, frozenset({"d"})
    )


def test_given_more_ids_in_one_millisecond_than_a_link_carries_then_the_millisecond_after():
    before = After(20, frozenset(str(i) for i in range(MOST_IDS_AFTER)))
    assert after_rows([row("x", 20)], before) == After(21)
