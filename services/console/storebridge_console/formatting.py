"""How times, ages and durations look on the pages (pure)."""

from __future__ import annotations

from datetime import UTC, datetime


def duration(seconds: float) -> str:
    """`42s`, `3m05s`, `2h07m`, `3d04h`."""
    whole = max(0, int(seconds))
    if whole < 60:
        return f"{whole}s"
    if whole < 3600:
        return f"{whole // 60}m{whole % 60:02d}s"
    if whole < 86400:
        return f"{whole // 3600}h{whole % 3600 // 60:02d}m"
    return f"{whole // 86400}d{whole % 86400 // 3600:02d}h"


def utc(moment: datetime | None) -> str:
    """`2026-12-02 07:05:09 UTC`, or an empty string."""
    if moment is None:
        return ""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def utc_ms(epoch_ms: int | None) -> str:
    """An epoch-millisecond time as `utc` shows it."""
    return "" if epoch_ms is None else utc(datetime.fromtimestamp(epoch_ms / 1000, UTC))


def ago(moment: datetime | None, now: datetime) -> str:
    """`3m05s ago`, or an empty string."""
    if moment is None:
        return ""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return f"{duration((now - aware).total_seconds())} ago"
