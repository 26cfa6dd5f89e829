"""The relay never re-publishes what this process saw confirmed but has not yet marked."""

from __future__ import annotations

from datetime import datetime, timedelta

from prometheus_client import CollectorRegistry

from storebridge_ingress.metrics import IngressMetrics
from storebridge_ingress.relay import Relay


class _EventLogReads:
    """The relay's reads of the event log, recorded in order."""

    def __init__(self, calls: list[str]) -> None:
        self.calls = calls

    async def unpublished(self, received_before: datetime, limit: int) -> list[object]:
        self.calls.append("unpublished")
        return []

    async def count_unpublished(self, received_before: datetime) -> int:
        self.calls.append("count_unpublished")
        return 0


class _ReadyPublisher:
    ready = True


async def test_given_confirms_whose_marks_are_still_being_written_when_the_relay_sweeps_then_it_waits_for_them_before_it_reads():
    calls: list[str] = []

    async def settle_marks() -> None:
        calls.append("settle_marks")

    relay = Relay(
        _EventLogReads(calls),  # type: ignore[arg-type]
        _ReadyPublisher(),  # type: ignore[arg-type]
        IngressMetrics.create(CollectorRegistry()),
        sweep_secs=30,
        min_age=timedelta(seconds=4),
        settle_marks=settle_marks,
    )

    assert await relay.sweep() == 0
    assert calls == ["settle_marks", "unpublished", "count_unpublished"]
