"""Latency over time: where the steady phase's slow requests fall, and what the server logged then.

`bench_ingress --timeline DIR` writes, per run, `steady-N.csv` (scheduled wall time, latency ms of
every request) beside the ingress's own log, and prints the slowest windows with the log lines
(other than the per-webhook ones) that fall in them or just before.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

WINDOW_SECS = 0.1
LOOKBACK_SECS = 0.3
PER_REQUEST_EVENTS = frozenset({"webhook_accepted"})


def write_csv(path: Path, timeline: Sequence[tuple[float, float]]) -> None:
    """One `scheduled_unix_s,latency_ms` line per request."""
    lines = ["scheduled_unix_s,latency_ms", *(f"{t:.4f},{ms:.2f}" for t, ms in timeline)]
    path.write_text("\n".join(lines) + "\n")


def log_events(path: Path) -> list[tuple[float, str]]:
    """(unix time, compact line) of every JSON log line but the per-webhook ones."""
    found = []
    for line in path.read_text(errors="replace").splitlines():
        try:
            record = json.loads(line)
            when = datetime.fromisoformat(record.pop("timestamp")).timestamp()
        except (ValueError, KeyError, TypeError):
            continue
        if record.get("event") in PER_REQUEST_EVENTS:
            continue
        record.pop("service", None)
        record.pop("level", None)
        found.append((when, " ".join(f"{k}={v}" for k, v in record.items())))
    return found


def worst_windows(
    timeline: Sequence[tuple[float, float]], count: int = 5
) -> list[tuple[float, float, int]]:
    """The `count` windows of WINDOW_SECS with the highest latency: (start, max ms, requests)."""
    windows: dict[int, list[float]] = {}
    for scheduled, latency in timeline:
        windows.setdefault(int(scheduled / WINDOW_SECS), []).append(latency)
    ranked = sorted(windows.items(), key=lambda item: max(item[1]), reverse=True)[:count]
    return [(key * WINDOW_SECS, max(values), len(values)) for key, values in ranked]


def correlate(
    timeline: Sequence[tuple[float, float]], events: Iterable[tuple[float, str]]
) -> list[str]:
    """Report lines: each slow window, then the server's log lines in or just before it."""
    ordered = sorted(events)
    lines = []
    for start, worst, requests in worst_windows(timeline):
        lines.append(
            f"  window +{start - timeline[0][0]:6.1f} s: max {worst:7.1f} ms ({requests} req)"
        )
        for when, text in ordered:
            if start - LOOKBACK_SECS <= when < start + WINDOW_SECS + worst / 1000:
                lines.append(f"      {when - start:+.3f} s  {text[:150]}")
    return lines
