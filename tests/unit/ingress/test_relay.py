"""The relay never re-publishes what this process saw confirmed but has not yet marked."""

from __future__ import annotations

from datetime import timedelta

from prometheus_client import CollectorRegistry

from storebridge_ingress.metrics import IngressMetrics
from storebridge_ingress.relay import Relay
from tests.support.fakes import FakeEventLog, FakePublisher


async def test_given_confirms_whose_marks_are_still_being_written_when_the_relay_sweeps_then_it_waits_for_them_before_it_reads():
    calls: list[str] = []

    async def settle_marks() -> None:
        calls.append("settle_marks")

    relay = Relay(
        FakeEventLog(calls=calls),  # type: ignore[arg-type]
        FakePublisher(),  # type: ignore[arg-type]
        IngressMetrics.create(CollectorRegistry()),
        sweep_secs=30,
        min_age=timedelta(seconds=4),
        settle_marks=settle_marks,
    )

    assert await relay.sweep() == 0
    assert calls == ["settle_marks", "unpublished", "count_unpublished"]
