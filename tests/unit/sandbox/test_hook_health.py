"""The blocklist rule: under 90 % success over a 2-minute window, once 100 requests were
sent, blocks the destination domain (per client) for 3 minutes."""

from __future__ import annotations

import pytest

from storebridge_sandbox import hook_health
from storebridge_sandbox.hook_health import HookHealth

CLIENT = "client-a"
URL = "https://hooks.example.com/bc/orders"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(hook_health.time, "monotonic", fake)
    return fake


def _send(health: HookHealth, failures: int, successes: int, url: str = URL) -> list[bool]:
    outcomes = ["HTTP 500"] * failures + [None] * successes
    return [health.record(CLIENT, url, failure) for failure in outcomes]


def test_given_99_failures_when_counted_then_the_domain_is_not_blocked(clock: Clock) -> None:
    health = HookHealth()
    assert not any(_send(health, 99, 0))
    assert not health.blocked(CLIENT, URL)


def test_given_the_100th_failure_when_counted_then_the_domain_is_blocked_for_3_minutes(
    clock: Clock,
) -> None:
    health = HookHealth()
    assert _send(health, 100, 0)[-1] is True
    [blocked] = health.blocked_domains(CLIENT)
    assert blocked["destination"] == "https://hooks.example.com"
    assert blocked["time_left"] == 180
    assert blocked["reasons"][0]["failure_description"] == "HTTP 500"
    assert blocked["reasons"][0]["count"] == 100
    clock.now += 179
    assert health.blocked(CLIENT, "https://hooks.example.com/other/path")
    clock.now += 2
    assert not health.blocked(CLIENT, URL)
    assert health.blocked_domains(CLIENT) == []


def test_given_exactly_90_percent_success_when_counted_then_not_blocked(clock: Clock) -> None:
    health = HookHealth()
    assert not any(_send(health, 10, 90))


def test_given_failures_older_than_two_minutes_when_counted_then_they_no_longer_count(
    clock: Clock,
) -> None:
    health = HookHealth()
    _send(health, 60, 0)
    clock.now += 121
    assert not any(_send(health, 60, 0))


def test_given_another_client_or_domain_when_one_is_blocked_then_they_are_not(
    clock: Clock,
) -> None:
    health = HookHealth()
    _send(health, 100, 0)
    assert not health.blocked("client-b", URL)
    assert not health.blocked(CLIENT, "https://other.example.com/bc")
    assert health.blocked_domains("client-b") == []


def test_given_compressed_time_when_blocked_then_the_block_is_shorter_but_reads_in_api_seconds(
    clock: Clock,
) -> None:
    health = HookHealth(time_compression=60)
    _send(health, 100, 0)
    clock.now += 1.5
    assert health.blocked_domains(CLIENT)[0]["time_left"] == 90
    clock.now += 1.6
    assert not health.blocked(CLIENT, URL)


def test_given_retry_notices_when_asked_then_one_per_ten_minutes_per_destination(
    clock: Clock,
) -> None:
    health = HookHealth()
    assert health.retry_notice_due(URL)
    assert not health.retry_notice_due(URL)
    assert health.retry_notice_due("https://hooks.example.com/bc/products")
    clock.now += 600
    assert health.retry_notice_due(URL)


def test_given_a_block_when_notices_are_asked_then_once_per_hook(clock: Clock) -> None:
    health = HookHealth()
    _send(health, 100, 0)
    assert health.block_notice_due(CLIENT, URL, 1)
    assert not health.block_notice_due(CLIENT, URL, 1)
    assert health.block_notice_due(CLIENT, URL, 2)
