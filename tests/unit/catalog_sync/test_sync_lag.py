"""Sync lag: which destinations count, and from which of A's times."""

from __future__ import annotations

from datetime import UTC, datetime

from storebridge_catalog_sync.lag import Lag, during_event, sync_lags
from storebridge_catalog_sync.outcomes import DestinationResult, Status, SyncOutcome

NOW = datetime(2026, 12, 1, 10, 0, 10, tzinfo=UTC)
WEBHOOK = datetime(2026, 12, 1, 10, 0, 8, tzinfo=UTC)


def outcome(changed_at: str | None, *statuses: Status) -> SyncOutcome:
    results = tuple(DestinationResult(f"D{i}", s) for i, s in enumerate(statuses))
    return SyncOutcome("product", 77, results, changed_at=changed_at)


def test_given_writes_and_no_writes_when_measured_then_only_written_destinations_count():
    synced = outcome(
        "2026-12-01T10:00:00+00:00", Status.UPDATED, Status.UNCHANGED, Status.FAILED, Status.CREATED
    )

    assert sync_lags(synced, NOW) == [
        Lag("D0", 10.0, "date_modified"),
        Lag("D3", 10.0, "date_modified"),
    ]


def test_given_no_date_modified_when_handling_a_webhook_then_measured_from_its_created_at():
    deleted = outcome(None, Status.DELETED, Status.SKIPPED)

    with during_event(WEBHOOK):
        inside = sync_lags(deleted, NOW)

    assert inside == [Lag("D0", 2.0, "webhook")]
    assert sync_lags(deleted, NOW) == []


def test_given_an_unreadable_or_future_date_when_measured_then_webhook_or_zero():
    with during_event(WEBHOOK):
        assert sync_lags(outcome("not a date", Status.UPDATED), NOW) == [Lag("D0", 2.0, "webhook")]
    assert sync_lags(outcome("2026-12-01T11:00:00+00:00", Status.UPDATED), NOW) == [
        Lag("D0", 0.0, "date_modified")
    ]
