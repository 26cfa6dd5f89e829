"""INGRESS_WORKERS processes serving one port (SO_REUSEPORT: the kernel spreads connections).

The supervisor (the process started as `storebridge ingress`) spawns the workers, forwards
SIGTERM/SIGINT to them as one SIGTERM each (every worker then finishes its in-flight requests
and flushes its writes), and waits for all of them. A worker that exits on its own stops the
others and the supervisor exits non-zero, so the orchestrator restarts the whole ingress. Only
worker 0 registers hooks. Metrics of all workers are aggregated through prometheus_client's
multiprocess directory, which the supervisor creates and removes.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import shutil
import signal
import tempfile
from collections.abc import Callable
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import FrameType

import structlog

from storebridge_ingress.metrics import METRICS_DIR_VARIABLE
from storebridge_ingress.settings import IngressSettings

log = structlog.get_logger(__name__)

POLL_SECS = 0.5
CGROUP_V2_CPU_MAX = Path("/sys/fs/cgroup/cpu.max")
CGROUP_V1_QUOTA = Path("/sys/fs/cgroup/cpu/cpu.cfs_quota_us")
CGROUP_V1_PERIOD = Path("/sys/fs/cgroup/cpu/cpu.cfs_period_us")

Worker = Callable[[IngressSettings, int], None]


def cpu_quota(cpu_max: str | None, v1_quota: str | None, v1_period: str | None) -> float | None:
    """CPUs allowed by a cgroup quota (v2 `cpu.max`, else v1 quota/period), None if unlimited."""
    if cpu_max is not None:
        parts = cpu_max.split()
        if len(parts) == 2 and parts[0] != "max":
            return int(parts[0]) / int(parts[1])
        return None
    if v1_quota is not None and v1_period is not None and int(v1_quota) > 0:
        return int(v1_quota) / int(v1_period)
    return None


def worker_count(setting: int, affinity: int, quota: float | None) -> int:
    """INGRESS_WORKERS, or (0) the CPUs this container may use: its affinity, capped by the
    cgroup quota (rounded down, at least 1)."""
    if setting > 0:
        return setting
    if quota is None:
        return max(1, affinity)
    return max(1, min(affinity, math.floor(quota)))


def _read(path: Path) -> str | None:
    try:
        return path.read_text().strip()
    except OSError:
        return None


def usable_cpus_quota() -> float | None:
    """This container's cgroup CPU quota, read from /sys/fs/cgroup."""
    return cpu_quota(_read(CGROUP_V2_CPU_MAX), _read(CGROUP_V1_QUOTA), _read(CGROUP_V1_PERIOD))


def resolved_workers(settings: IngressSettings) -> int:
    """How many workers this ingress runs."""
    affinity = len(os.sched_getaffinity(0))
    return worker_count(settings.ingress_workers, affinity, usable_cpus_quota())


def supervise(settings: IngressSettings, count: int, worker: Worker) -> int:
    """Run `count` workers until a signal or a worker's own exit; return the exit code."""
    metrics_dir = tempfile.mkdtemp(prefix="storebridge-ingress-metrics-")
    os.environ[METRICS_DIR_VARIABLE] = metrics_dir  # inherited by the spawned workers
    stopping: list[int] = []

    def on_signal(number: int, frame: FrameType | None) -> None:
        stopping.append(number)

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        workers = _start(settings, count, worker)
        log.info("ingress_workers_started", workers=count, pids=[w.pid for w in workers])
        while not stopping and all(w.is_alive() for w in workers):
            wait([w.sentinel for w in workers], timeout=POLL_SECS)
        return _stop(workers, settings.shutdown_grace_secs, by_signal=bool(stopping))
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        shutil.rmtree(metrics_dir, ignore_errors=True)


def _start(settings: IngressSettings, count: int, worker: Worker) -> list[BaseProcess]:
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: no inherited loop
    workers: list[BaseProcess] = []
    for index in range(count):
        own = settings.model_copy(
            update={"register_hooks_on_start": settings.register_hooks_on_start and index == 0}
        )
        process = context.Process(target=worker, args=(own, index), name=f"ingress-{index}")
        process.start()
        workers.append(process)
    return workers


def _stop(workers: list[BaseProcess], grace_secs: float, *, by_signal: bool) -> int:
    """SIGTERM every live worker once, wait for them (grace + 10 s), kill what is left."""
    exited_alone = [w for w in workers if not w.is_alive()]
    for process in workers:
        if process.is_alive():
            process.terminate()
    for process in workers:
        process.join(grace_secs + 10)
        if process.is_alive():
            log.error("ingress_worker_killed", pid=process.pid)
            process.kill()
            process.join()
    if exited_alone and not by_signal:
        first = exited_alone[0]
        log.error("ingress_worker_exited", pid=first.pid, exit_code=first.exitcode)
        return first.exitcode or 1
    failed = [w.exitcode for w in workers if w.exitcode not in (0, -signal.SIGTERM)]
    log.info("ingress_workers_stopped", exit_codes=[w.exitcode for w in workers])
    return 1 if failed else 0
