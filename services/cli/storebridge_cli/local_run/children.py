"""The processes of a local run: each in its own process group, stopped by tier with a grace.

Each child runs in a session of its own, so the terminal's Ctrl-C reaches only the supervisor,
which then stops the children in dependency order: SIGTERM to a tier's process groups, a wait of
at most the grace period, SIGKILL for whatever is left, then the next tier.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

POLL_SECS = 0.1


@dataclass
class Child:
    """One process of the run and the tier it is stopped in (higher tiers stop first)."""

    name: str
    process: subprocess.Popen[bytes]
    tier: int

    @property
    def running(self) -> bool:
        """True while the process has not exited."""
        return self.process.poll() is None

    def signal_group(self, signum: int) -> None:
        """Send `signum` to the child's process group, if it is still running."""
        if self.running:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signum)


def wait_all(children: Iterable[Child], deadline: float, hurry: Callable[[], bool]) -> None:
    """Wait until every child exited, the deadline passed or `hurry` says not to wait."""
    waiting = list(children)
    while any(child.running for child in waiting):
        if time.monotonic() >= deadline or hurry():
            return
        time.sleep(POLL_SECS)


def stop_tier(children: list[Child], grace_secs: float, hurry: Callable[[], bool]) -> list[str]:
    """SIGTERM the children, wait up to `grace_secs`, SIGKILL the rest; lines for the terminal."""
    for child in children:
        child.signal_group(signal.SIGTERM)
    wait_all(children, time.monotonic() + grace_secs, hurry)
    lines = []
    for child in children:
        if child.running:
            child.signal_group(signal.SIGKILL)
            lines.append(f"run: {child.name} did not stop within {grace_secs:g} s: killed")
        child.process.wait()
    return lines


def stop_all(children: list[Child], grace_secs: float, hurry: Callable[[], bool]) -> list[str]:
    """Stop every child, highest tier first (services, then what they depend on)."""
    lines = []
    for tier in sorted({child.tier for child in children}, reverse=True):
        lines += stop_tier([c for c in children if c.tier == tier], grace_secs, hurry)
    return lines


@dataclass
class Fleet:
    """The children of one run, by name, started in `cwd`."""

    cwd: Path
    children: dict[str, Child] = field(default_factory=dict)

    def start(self, name: str, command: list[str], env: Mapping[str, str], tier: int) -> None:
        """Start one process in a new session (its own process group)."""
        process = subprocess.Popen(command, env=dict(env), cwd=self.cwd, start_new_session=True)
        self.children[name] = Child(name, process, tier)

    def first_exited(self) -> Child | None:
        """A child that has exited, if any."""
        return next((c for c in self.children.values() if not c.running), None)

    def stop(self, grace_secs: float, hurry: Callable[[], bool]) -> list[str]:
        """Stop every child in dependency order; lines for the terminal."""
        return stop_all(list(self.children.values()), grace_secs, hurry)
