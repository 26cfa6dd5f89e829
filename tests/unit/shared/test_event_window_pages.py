"""How many events the event-log search reads next (`event_window.next_page_size`, pure)."""

from __future__ import annotations

import pytest

from storebridge_shared.store.event_window import next_page_size


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
