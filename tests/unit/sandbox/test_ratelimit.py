"""The sandbox's fixed-window quota on a clock of the test's own: X-Retry-After keeps
milliseconds for windows under a second, whole seconds (at least 1) otherwise."""

from __future__ import annotations

from storebridge_sandbox.ratelimit import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_given_a_500_ms_window_spent_when_63_ms_passed_then_retry_after_is_0_437():
    clock = Clock()
    limiter = RateLimiter(quota=2, window_ms=500, clock=clock)
    assert [limiter.take() for _ in range(3)] == [True, True, False]
    clock.now += 0.063
    assert limiter.retry_after() == "0.437"
    assert limiter.headers()["X-Rate-Limit-Time-Reset-Ms"] == "437"


def test_given_a_30_s_window_spent_when_limited_then_retry_after_is_whole_seconds():
    clock = Clock()
    limiter = RateLimiter(quota=1, window_ms=30_000, clock=clock)
    assert [limiter.take(), limiter.take()] == [True, False]
    clock.now += 29.9
    assert limiter.retry_after() == "1"


def test_given_the_window_passed_when_taking_then_the_quota_is_new():
    clock = Clock()
    limiter = RateLimiter(quota=1, window_ms=500, clock=clock)
    assert [limiter.take(), limiter.take()] == [True, False]
    clock.now += 0.5
    assert limiter.take()
    assert limiter.window == 1
