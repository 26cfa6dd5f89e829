"""Is every process of a local run ready? Its readiness URL answers 200, or a reason why not."""

from __future__ import annotations

import contextlib
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from storebridge_cli.local_run.children import Child

POLL_SECS = 0.25


@dataclass(frozen=True)
class Probe:
    """What answers 200 once a process is ready."""

    name: str
    url: str


def explain(status: int | None, body: str) -> str:
    """Why a readiness answer is not 200, in a few words (the failing checks when it says)."""
    if status is None:
        return f"no answer ({body})" if body else "no answer"
    with contextlib.suppress(ValueError):
        checks = json.loads(body)
        if isinstance(checks, dict):
            failing = [name for name, ok in checks.items() if ok is False]
            if failing:
                return f"{', '.join(failing)} not reachable (HTTP {status})"
    return f"HTTP {status}"


def check(url: str) -> str:
    """ "" when `url` answers 200, else the reason."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return "" if response.status == 200 else explain(response.status, "")
    except urllib.error.HTTPError as error:
        return explain(error.code, error.read().decode(errors="replace"))
    except (OSError, ValueError) as error:
        return explain(None, type(error).__name__ if not str(error) else str(error)[:120])


def wait_ready(
    probes: list[Probe],
    children: Mapping[str, Child],
    timeout: float,
    stop: Callable[[], bool],
) -> dict[str, str]:
    """Poll until every probe answers 200; the reasons of those still not ready ({} = all are)."""
    deadline = time.monotonic() + timeout
    waiting = {probe.name: probe for probe in probes}
    reasons: dict[str, str] = {}
    while waiting:
        if stop():
            return dict.fromkeys(waiting, "interrupted before it was ready")
        for name, probe in list(waiting.items()):
            child = children.get(name)
            if child is not None and not child.running:
                return {name: f"exited with code {child.process.returncode}"}
            reasons[name] = check(probe.url)
            if not reasons[name]:
                del waiting[name], reasons[name]
        if waiting and time.monotonic() >= deadline:
            return reasons
        time.sleep(POLL_SECS if waiting else 0)
    return {}
