"""CPU time of the processes a benchmark drives, from /proc: where the machine's cores go.

A rate on a machine shared by the load generator, the service, the MongoDB stand-in and RabbitMQ
depends on all of them; their CPU seconds per request do not depend on the other work running
(within noise), so they show which process sets the ceiling and how a change moved it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


def _stat_fields(pid: int) -> list[str]:
    # Fields after the command name (which may hold spaces and parentheses).
    return (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of `pid` so far (all its threads); 0 once it has exited."""
    try:
        fields = _stat_fields(pid)
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _processes() -> Iterator[tuple[int, int, str]]:
    """(pid, parent pid, command line) of every process we may read."""
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int(_stat_fields(int(entry.name))[1])
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue
        yield int(entry.name), parent, command


def with_children(pid: int) -> list[int]:
    """`pid` and its direct children (the workers of a supervised ingress)."""
    return [pid] + [child for child, parent, _ in _processes() if parent == pid]


def matching(predicate: Callable[[str], bool]) -> list[int]:
    """The processes whose command line satisfies `predicate`."""
    return [pid for pid, _, command in _processes() if predicate(command)]


def stand_in_pids(uri: str) -> list[int]:
    """The nx-27017 server listening on the port of `uri`."""
    port = uri.split("://", 1)[1].split("/", 1)[0].rsplit(":", 1)[-1]
    return matching(lambda command: "nx-27017" in command and f"-p {port} " in f"{command} ")


def broker_pids() -> list[int]:
    """The RabbitMQ nodes of this machine (the Erlang VM); shared, so other work counts too."""
    return matching(lambda command: "beam.smp" in command and "rabbit" in command)


@dataclass
class CpuMeter:
    """CPU seconds of named groups of processes between `start` and `stop`."""

    groups: Mapping[str, list[int]]

    def __post_init__(self) -> None:
        self._started: dict[str, float] = {}
        self.used: dict[str, float] = {}

    def _now(self) -> dict[str, float]:
        return {
            name: sum(cpu_seconds(pid) for pid in pids) for name, pids in self.groups.items()
        } | {"load generator": _own_cpu()}

    def start(self) -> None:
        """Take the starting readings."""
        self._started = self._now()

    def stop(self) -> dict[str, float]:
        """CPU seconds each group used since `start`."""
        self.used = {name: value - self._started[name] for name, value in self._now().items()}
        return self.used


def _own_cpu() -> float:
    times = os.times()
    return times.user + times.system


def per_request_ms(used: Mapping[str, float], requests: int) -> dict[str, float]:
    """CPU milliseconds per request of each group, and of all of them together."""
    shares = {name: 1000 * seconds / max(requests, 1) for name, seconds in used.items()}
    return shares | {"all": sum(shares.values())}
