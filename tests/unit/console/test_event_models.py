"""The event log's asked window and the replay preview (pure)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl

import pytest

from storebridge_console.event_models import (
    SHOWN_EVENTS,
    BadWindow,
    events_view,
    replay_view,
    window_of,
)
from storebridge_console.formatting import utc
from storebridge_shared.events.listing import MOST_IDS_AFTER, After, EventRow
from storebridge_shared.events.replay import ReplayReport

NOW = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)


def test_given_only_a_store_then_every_scope_of_the_last_24_hours():
    window = window_of({"store": "abc123"}, NOW)
    assert window is not None
    assert (window.scopes, window.since, window.until) == (["*"], NOW - timedelta(hours=24), None)
    assert window_of({}, NOW) is None


def test_given_several_patterns_then_each_is_kept_and_a_typo_is_refused():
    window = window_of({"store": "a", "scope": "store/product/*, store/sku/*"}, NOW)
    assert window is not None and window.scopes == ["store/product/*", "store/sku/*"]
    with pytest.raises(BadWindow, match="matches no webhook scope"):
        window_of({"store": "a", "scope": "store/prodcut/*"}, NOW)
    with pytest.raises(BadWindow, match="empty window"):
        window_of({"store": "a", "since": "1h", "until": "2h"}, NOW)


def test_given_an_open_window_then_the_replay_form_freezes_its_end_at_the_preview():
    window = window_of({"store": "a", "since": "6h"}, NOW)
    assert window is not None
    view = replay_view(window, ReplayReport(found=Counter({"store/product/updated": 3})), NOW)
    assert view["total"] == 3
    assert view["fields"]["since"] == (NOW - timedelta(hours=6)).isoformat()
    assert view["fields"]["until"] == NOW.isoformat()


def rows(count: int, *, same_ms_from: int | None = None) -> list[EventRow]:
    """`count` product rows a second apart (from `same_ms_from` on, all in one millisecond)."""
    found = []
    for i in range(count):
        at = NOW - timedelta(hours=1) + timedelta(seconds=min(i, same_ms_from or i))
        ms = int(at.timestamp() * 1000)
        found.append(EventRow(f"{i:032x}", "store/product/updated", "product", str(i), at, ms))
    return found


def test_given_more_than_a_page_found_then_a_page_shown_and_the_next_link_starts_after_it():
    window = window_of({"store": "a", "scope": "store/product/*"}, NOW)
    found = rows(SHOWN_EVENTS + 1, same_ms_from=SHOWN_EVENTS - 2)  # the last 3 in one ms

    view = events_view(window, found, ["a"], "")

    assert len(view["events"]) == SHOWN_EVENTS and view["more"]
    last = found[SHOWN_EVENTS - 1]
    tied = sorted(r.event_id for r in found[SHOWN_EVENTS - 2 : SHOWN_EVENTS])
    following = window_of(dict(parse_qsl(view["next_query"])), NOW)
    assert following is not None
    assert following.after == After(last.received_ms, frozenset(tied))
    assert following.query == window.query  # the replay and the first page: the whole window
    assert view["after"] == ""
    assert events_view(following, found[:3], ["a"], "")["after"] == utc(last.received_at)


def test_given_at_most_a_page_found_then_no_next_link():
    view = events_view(window_of({"store": "a"}, NOW), rows(SHOWN_EVENTS), ["a"], "")
    assert len(view["events"]) == SHOWN_EVENTS and not view["more"] and view["next_query"] == ""


@pytest.mark.parametrize("after", ["yesterday", "12:", "12:xyz", "-5", "12:ab,"])
def test_given_an_after_that_no_link_makes_then_refused(after):
    with pytest.raises(BadWindow, match="after must be"):
        window_of({"store": "a", "after": after}, NOW)


def test_given_an_after_without_ids_then_it_starts_at_that_millisecond():
    window = window_of({"store": "a", "after": "1796143705162"}, NOW)
    assert window is not None and window.after == After(1796143705162)


def test_given_an_after_with_more_ids_than_a_link_carries_then_refused():
    ids = ",".join(f"{i:x}" for i in range(MOST_IDS_AFTER + 1))
    with pytest.raises(BadWindow, match="at most"):
        window_of({"store": "a", "after": f"5:{ids}"}, NOW)
