"""Which failures are retried per method, back-off bounds, and query encoding."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import httpx
import pytest

from storebridge_shared.bigcommerce.params import encode_params
from storebridge_shared.bigcommerce.retries import RetryPolicy

POLICY = RetryPolicy(rng=random.Random(1))
REQUEST = httpx.Request("POST", "http://x")


@pytest.mark.parametrize("status", [500, 502, 503, 504])
@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_given_an_idempotent_call_when_5xx_then_retried(method, status):
    assert POLICY.retries_status(method, status)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 413, 422, 507])
@pytest.mark.parametrize("method", ["GET", "PUT", "POST"])
def test_given_a_client_error_when_answered_then_never_retried(method, status):
    assert not POLICY.retries_status(method, status)


def test_given_a_post_when_5xx_then_only_502_and_503_are_retried():
    assert [s for s in (500, 502, 503, 504) if POLICY.retries_status("POST", s)] == [502, 503]


@pytest.mark.parametrize(
    ("error", "post_retried"),
    [
        (httpx.ConnectError("refused", request=REQUEST), True),
        (httpx.ConnectTimeout("slow", request=REQUEST), True),
        (httpx.PoolTimeout("busy", request=REQUEST), True),
        (httpx.ReadTimeout("slow", request=REQUEST), False),
        (httpx.WriteTimeout("slow", request=REQUEST), False),
        (httpx.RemoteProtocolError("closed", request=REQUEST), False),
    ],
)
def test_given_a_transport_error_when_classified_then_post_retries_only_unsent(error, post_retried):
    assert POLICY.retries_exception("GET", error)
    assert POLICY.retries_exception("POST", error) is post_retried


def test_given_a_programming_error_when_classified_then_never_retried():
    assert not POLICY.retries_exception("GET", httpx.UnsupportedProtocol("ftp"))
    assert not POLICY.retries_exception("GET", ValueError("x"))


def test_given_attempts_when_backing_off_then_delays_stay_under_the_doubling_cap():
    policy = RetryPolicy(base_delay_s=0.5, max_delay_s=4.0, rng=random.Random(3))
    for attempt, ceiling in [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (9, 4.0)]:
        delays = [policy.backoff(attempt) for _ in range(200)]
        assert all(0 <= d <= ceiling for d in delays)
        assert max(delays) > ceiling * 0.8


def test_given_repeated_unexplained_429s_when_waiting_then_the_wait_grows_to_its_cap():
    policy = RetryPolicy(unexplained_429_delay_s=5, max_unexplained_429_delay_s=30)
    waits = [policy.unexplained_429_wait(n) for n in (1, 2, 3, 4)]
    assert 5 <= waits[0] <= 6.25
    assert 10 <= waits[1] <= 12.5
    assert 30 <= waits[3] <= 37.5


@pytest.mark.parametrize(
    ("limited_for_s", "next_wait_s", "waits"),
    [
        (0.0, 30.0, True),  # the first 429 of a call, one 30 s window to wait
        (270.0, 30.0, True),  # ends exactly at the budget
        (280.0, 30.0, False),  # would pass it
        (0.0, 301.0, False),  # one wait longer than the whole budget
        (299.0, 0.001, True),  # any number of short waits while time is left
    ],
)
def test_given_time_spent_on_429s_when_deciding_then_the_budget_bounds_the_waits_not_a_count(
    limited_for_s, next_wait_s, waits
):
    policy = RetryPolicy(rate_limit_wait_s=300.0)
    assert policy.waits_out_429(limited_for_s, next_wait_s) is waits


def test_given_a_zero_budget_when_a_429_comes_then_it_is_not_waited_out():
    assert not RetryPolicy(rate_limit_wait_s=0.0).waits_out_429(0.0, 0.001)


def test_given_mixed_values_when_encoding_then_lists_join_bools_lower_and_none_drops():
    when = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert encode_params(
        {"id:in": [1, 2], "is_visible": False, "sku": "A+B/ü", "x": None, "min_date_created": when}
    ) == [
        ("id:in", "1,2"),
        ("is_visible", "false"),
        ("sku", "A+B/ü"),
        ("min_date_created", "2024-01-02T03:04:05+00:00"),
    ]


def test_given_a_plus_and_umlaut_when_httpx_builds_the_url_then_they_are_percent_encoded():
    url = httpx.Request("GET", "http://x/p", params=encode_params({"sku": "A+B/ü"})).url
    assert str(url).endswith("?sku=A%2BB%2F%C3%BC")
