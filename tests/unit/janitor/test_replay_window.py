"""Replay parses its window, matches scopes by pattern and publishes in order (or only counts)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.events.replay import (
    matching_scopes,
    parse_time,
    replay,
    scope_matches,
    selected_scopes,
    unmatched_pattern,
)
from storebridge_shared.events.scopes import ACCEPTED_SCOPES
from tests.support.fakes import FakePublisher

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30m", NOW - timedelta(minutes=30)),
        ("6h", NOW - timedelta(hours=6)),
        ("7d", NOW - timedelta(days=7)),
        ("2026-11-20", datetime(2026, 11, 20, tzinfo=UTC)),
        ("2026-11-20T08:30:00Z", datetime(2026, 11, 20, 8, 30, tzinfo=UTC)),
        ("2026-11-20T08:30:00+01:00", datetime(2026, 11, 20, 7, 30, tzinfo=UTC)),
    ],
)
def test_given_a_time_or_a_duration_ago_when_parsed_then_it_is_an_aware_utc_moment(text, expected):
    assert parse_time(text, NOW) == expected


def test_given_nonsense_when_parsed_then_the_error_says_what_is_accepted():
    with pytest.raises(ValueError, match="ISO 8601 or 30m"):
        parse_time("yesterday", NOW)


def test_given_patterns_then_the_window_asks_for_every_accepted_scope_they_match():
    assert matching_scopes(["*"]) == sorted(ACCEPTED_SCOPES)
    products = matching_scopes(["store/product/*", "store/cart/converted"])
    assert "store/product/updated" in products and "store/cart/converted" in products
    assert all(s.startswith("store/product/") or s == "store/cart/converted" for s in products)
    assert matching_scopes(["store/nothing/*"]) == []


def test_given_patterns_that_reach_channel_assignments_then_the_selection_takes_them_whatever_the_channel_id():
    everything = selected_scopes(["*"])
    channels = selected_scopes(["store/channel/*"])
    one_channel = selected_scopes(["store/channel/7/product/assigned"])
    products = selected_scopes(["store/product/*"])

    assert "store/channel/12/product/assigned" in everything
    assert "store/channel/3/product/unassigned" in channels
    assert "store/product/updated" not in channels
    assert "store/channel/7/product/assigned" in one_channel
    assert "store/channel/8/product/assigned" not in one_channel
    assert "store/channel/7/product/unassigned" not in one_channel
    assert "store/channel/1/product/assigned" not in products
    assert "store/channel/1/product/renamed" not in everything  # not a scope we accept
    assert everything.open_ended and not products.open_ended
    assert list(products) == matching_scopes(["store/product/*"])


def test_given_channel_patterns_then_they_are_not_taken_for_typos():
    assert unmatched_pattern(["store/channel/*", "store/channel/7/product/assigned"]) is None
    assert unmatched_pattern(["store/chanel/*"]) == "store/chanel/*"


def test_given_patterns_then_scopes_match_exactly_or_by_wildcard():
    assert scope_matches("store/product/updated", ["store/product/*"])
    assert scope_matches("store/sku/created", ["store/product/*", "store/sku/created"])
    assert scope_matches("store/order/created", ["*"])
    assert not scope_matches("store/order/created", ["store/product/*"])


def event(scope: str) -> EventEnvelope:
    return EventEnvelope(
        event_id=uuid.uuid4().hex,
        store_hash="abc123",
        scope=scope,
        resource_type=scope.split("/")[1],
        resource_id="1",
        bc_hash=uuid.uuid4().hex,
        created_at=NOW,
        received_at=NOW,
        payload={},
    )


async def stream(events):
    for e in events:
        yield e


async def test_given_mixed_scopes_when_replayed_then_only_matching_ones_are_published_in_order():
    events = [event("store/product/updated") for _ in range(5)] + [event("store/order/created")]
    publisher = FakePublisher()

    report = await replay(stream(events), publisher, scopes=["store/product/*"], chunk=2)

    assert publisher.sent == events[:5]
    assert report.published == report.total == 5
    assert dict(report.found) == {"store/product/updated": 5}


async def test_given_a_dry_run_when_replayed_then_it_counts_and_publishes_nothing():
    publisher = FakePublisher()

    report = await replay(
        stream([event("store/order/created")]), publisher, scopes=["*"], dry_run=True
    )

    assert report.total == 1 and report.published == 0 and publisher.sent == []
