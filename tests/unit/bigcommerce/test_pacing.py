"""The quota tracker decides from headers and a clock that the tests move by hand."""

from __future__ import annotations

import math

import pytest

from storebridge_shared.bigcommerce.pacing import RESET_SLACK_S as SLACK
from storebridge_shared.bigcommerce.pacing import QuotaHeaders, QuotaTracker


def seen(left: int, reset_ms: int, quota: int = 150, window_ms: int = 30_000) -> QuotaHeaders:
    return QuotaHeaders(left=left, reset_ms=reset_ms, quota=quota, window_ms=window_ms)


def tracker_after(headers: QuotaHeaders, now: float = 0.0, **kwargs: int) -> QuotaTracker:
    tracker = QuotaTracker(**kwargs)
    assert tracker.admit(now) == 0
    tracker.release(headers, now)
    return tracker


def test_given_bigcommerce_headers_in_any_case_when_parsed_then_all_fields_are_read():
    headers = QuotaHeaders.parse(
        {
            "x-rate-limit-requests-left": "12",
            "X-Rate-Limit-Time-Reset-Ms": "2500",
            "X-RATE-LIMIT-REQUESTS-QUOTA": "150",
            "X-Rate-Limit-Time-Window-Ms": "30000",
            "X-Retry-After": "3",
        }
    )
    assert headers == QuotaHeaders(
        left=12, reset_ms=2500, quota=150, window_ms=30000, retry_after_s=3.0
    )


def test_given_missing_or_garbled_headers_when_parsed_then_fields_are_none():
    headers = QuotaHeaders.parse({"X-Rate-Limit-Requests-Left": "many", "X-Retry-After": "-1"})
    assert headers == QuotaHeaders()


def test_given_reset_and_a_longer_retry_after_when_asked_for_the_429_wait_then_takes_the_longer():
    assert QuotaHeaders(reset_ms=1000, retry_after_s=4).rate_limit_wait() == 4
    assert QuotaHeaders(reset_ms=5000, retry_after_s=4).rate_limit_wait() == 5
    assert QuotaHeaders().rate_limit_wait() is None


def test_given_nothing_known_when_admitting_then_lets_one_probe_out_and_holds_the_rest():
    tracker = QuotaTracker()
    assert tracker.admit(0.0) == 0
    assert tracker.admit(0.0) == math.inf


def test_given_the_probe_answered_when_admitting_then_spends_down_to_the_in_flight_count():
    tracker = tracker_after(seen(left=3, reset_ms=10_000))
    assert [tracker.admit(0.1) for _ in range(4)] == pytest.approx([0, 0, 0, 9.9 + SLACK])
    assert tracker.in_flight == 3


def test_given_a_reserve_when_admitting_then_leaves_that_many_units_unspent():
    tracker = tracker_after(seen(left=3, reset_ms=10_000), reserve=1)
    assert [tracker.admit(0.0) for _ in range(3)] == [0, 0, 10.0 + SLACK]


def test_given_the_quota_spent_when_the_window_resets_then_assumes_a_full_quota():
    tracker = tracker_after(seen(left=0, reset_ms=2_000, quota=5))
    assert tracker.admit(1.0) == pytest.approx(1.0 + SLACK)
    assert [tracker.admit(2.0 + SLACK) for _ in range(6)] == pytest.approx([0, 0, 0, 0, 0, 30.0])


def test_given_a_guessed_window_when_the_first_answer_arrives_then_it_replaces_the_guess():
    tracker = tracker_after(seen(left=0, reset_ms=1_000, quota=5))
    tracker.admit(1.5)
    tracker.release(seen(left=1, reset_ms=29_000, quota=5), 1.6)
    assert (tracker.left, tracker.reset_at) == (1, pytest.approx(30.6 + SLACK))


def test_given_answers_of_one_window_out_of_order_when_released_then_keeps_the_lowest_left():
    tracker = tracker_after(seen(left=10, reset_ms=20_000), now=0.0)
    for _ in range(2):
        tracker.admit(0.0)
    tracker.release(seen(left=8, reset_ms=19_900), 0.2)
    tracker.release(seen(left=9, reset_ms=19_950), 0.3)
    assert tracker.left == 8
    assert tracker.reset_at == pytest.approx(20.0 + SLACK)


def test_given_a_stale_answer_from_the_previous_window_when_released_then_it_is_ignored():
    tracker = tracker_after(seen(left=140, reset_ms=29_000), now=40.0)
    tracker.admit(40.0)
    tracker.release(seen(left=0, reset_ms=0), 40.0 - 29.0)
    assert tracker.left == 140


def test_given_a_429_with_headers_when_released_then_waits_the_longer_of_reset_and_retry_after():
    tracker = tracker_after(seen(left=50, reset_ms=5_000))
    tracker.admit(0.0)
    limited = QuotaHeaders(left=0, reset_ms=1_000, quota=150, window_ms=30_000, retry_after_s=3)
    tracker.release(limited, 0.0, limited=True)
    assert tracker.admit(0.0) == pytest.approx(5.0 + SLACK)
    assert tracker.left == 0


def test_given_a_pause_when_admitting_then_nothing_goes_before_it_ends():
    tracker = tracker_after(seen(left=100, reset_ms=10_000))
    tracker.pause(4.0)
    assert tracker.admit(1.0) == 3.0
    assert tracker.admit(4.0) == 0


def test_given_answers_without_rate_limit_headers_when_admitting_then_stops_pacing():
    tracker = tracker_after(QuotaHeaders())
    assert [tracker.admit(0.0) for _ in range(50)] == [0] * 50


def test_given_a_headerless_429_first_when_admitting_then_keeps_probing():
    tracker = QuotaTracker()
    tracker.admit(0.0)
    tracker.release(QuotaHeaders(), 0.0, limited=True)
    assert tracker.admit(0.0) == 0
    assert tracker.admit(0.0) == math.inf


def test_given_n_callers_and_10x_quota_when_simulated_then_spends_every_unit_without_overshoot():
    quota, window, tracker = 150, 30.0, QuotaTracker()
    server_left, window_end, now, served, windows = quota, window, 0.0, 0, 0
    while served < 10 * quota:
        wait = tracker.admit(now)
        if wait > 0:
            now += wait
            continue
        if now >= window_end:
            server_left, window_end, windows = quota, now + window, windows + 1
        assert server_left > 0, "a request would have been answered 429"
        server_left -= 1
        served += 1
        tracker.release(seen(server_left, round((window_end - now) * 1000), quota), now)
    assert windows + 1 == 10


def test_given_a_share_of_the_quota_when_admitting_then_this_client_stops_at_its_share():
    tracker = QuotaTracker(share=0.3)
    assert tracker.admit(0.0) == 0
    tracker.release(seen(left=149, reset_ms=30_000), 0.0)
    assert tracker.budget_left(0.1) == 44  # 30 % of 150 = 45, one spent on the probe
    admitted = 0
    while tracker.admit(0.2) == 0:
        admitted += 1
        tracker.release(seen(left=149 - admitted, reset_ms=29_800), 0.2)
    assert admitted == 44
    assert tracker.budget_left(0.2) == 0
    assert tracker.admit(0.2) == pytest.approx(30.0 + SLACK - 0.2, abs=0.01)


def test_given_a_spent_share_when_the_window_resets_then_the_whole_share_is_back():
    tracker = QuotaTracker(share=0.5)
    assert tracker.admit(0.0) == 0
    tracker.release(seen(left=9, reset_ms=1_000, quota=10), 0.0)
    for _ in range(4):
        assert tracker.admit(0.1) == 0
        tracker.release(seen(left=5, reset_ms=900, quota=10), 0.1)
    assert tracker.budget_left(0.5) == 0 and tracker.admit(0.5) > 0
    assert tracker.budget_left(1.1) == 5
    assert tracker.admit(1.1) == 0


def test_given_no_share_when_asked_for_the_budget_then_there_is_none():
    tracker = tracker_after(seen(left=100, reset_ms=10_000))
    assert tracker.budget_left(0.1) is None
