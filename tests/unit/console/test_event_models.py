"""The event log's asked window and the replay preview (pure)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from storebridge_console.event_models import BadWindow, replay_view, window_of
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
