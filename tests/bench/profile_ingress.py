"""Where the ingress spends its CPU per webhook: py-spy samples of the running ingress under load.

    python -m tests.bench.profile_ingress [--secs 15] [--concurrency 64] [--top 20]

Starts the ingress as in `bench_ingress` (own process, MongoDB stand-in unless MONGODB_URI,
local RabbitMQ), attaches `py-spy record` (a dev dependency) for `--secs` while a closed loop of
distinct webhooks runs, and prints the functions with the most samples: inclusive (the function
and what it calls) and own (the function itself), as a share of the non-idle samples.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

from storebridge_shared.testing.mongodb import free_port, stand_in
from tests.bench.bench_ingress import (
    count_durable,
    ingress_env,
    server_process,
    steady,
    throughput,
)
from tests.bench.cpu import cpu_seconds


def py_spy() -> str:
    """The py-spy beside this Python (the dev extra installs it)."""
    return str(Path(sys.executable).with_name("py-spy"))


def tally(raw: str) -> tuple[Counter[str], Counter[str], int]:
    """Inclusive and own sample counts per function from py-spy's collapsed stacks."""
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = 0
    for line in raw.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [_function(frame) for frame in stack.split(";")]
        total += count
        own[frames[-1]] += count
        for function in set(frames):
            inclusive[function] += count
    return inclusive, own, total


def _function(frame: str) -> str:
    """`name (path/to/module.py:12)` -> `name (module.py)`: one entry per function."""
    name, _, where = frame.partition(" (")
    return f"{name} ({Path(where.rsplit(':', 1)[0]).name})" if where else name


def report(inclusive: Counter[str], own: Counter[str], total: int, top: int) -> str:
    """Two tables of the `top` functions, with their share of the samples."""
    lines = [f"# {total} samples (non-idle); inclusive omits the event loop's frames (>= 90 %)"]
    below = [(name, n) for name, n in inclusive.most_common() if n < 0.9 * total]
    lines += [f"{'inclusive':>9}  function"]
    lines += [f"{100 * n / total:8.1f}%  {name}" for name, n in below[:top]]
    lines += ["", f"{'own':>9}  function"]
    lines += [f"{100 * n / total:8.1f}%  {name}" for name, n in own.most_common(top)]
    return "\n".join(lines)


async def _load_until(
    profiler: asyncio.subprocess.Process, url: str, args: argparse.Namespace
) -> int:
    if args.rate is not None:  # open loop: one steady phase as long as the sampling
        phase = await steady(url, args.rate, args.secs)
        await profiler.wait()
        return phase.ok
    answered = 0
    while profiler.returncode is None:
        phase = await throughput(url, 1000, args.concurrency)
        answered += phase.ok
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(profiler.wait()), 0.001)
    return answered


async def profile(
    pid: int, url: str, args: argparse.Namespace, output: Path
) -> tuple[int, float, float]:
    """Record `pid` for `args.secs` under load; return the webhooks answered 200, the wall
    seconds and the ingress's CPU seconds of that load."""
    await throughput(url, 200, 16)  # warm-up
    started, cpu_before = time.perf_counter(), cpu_seconds(pid)
    command = [py_spy(), "record", "--pid", str(pid), "--duration", str(args.secs)]
    command += ["--rate", "250", "--format", "raw", "--output", str(output), "--nonblocking"]
    profiler = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL
    )
    answered = await _load_until(profiler, url, args)
    return answered, time.perf_counter() - started, cpu_seconds(pid) - cpu_before


def run(args: argparse.Namespace) -> str:
    """Profile one ingress under load; return the report."""
    with contextlib.ExitStack() as stack:
        base_uri = os.environ.get("MONGODB_URI") or stack.enter_context(stand_in())
        database, namespace = f"prof_{uuid.uuid4().hex[:8]}", f"prof-{uuid.uuid4().hex[:8]}"
        uri = base_uri.split("?")[0].rstrip("/") + f"/{database}?" + base_uri.partition("?")[2]
        port = free_port()
        output = args.raw or Path(stack.enter_context(tempfile.TemporaryDirectory())) / "raw"
        command = [sys.executable, "-m", "storebridge_ingress"]
        env = ingress_env(uri, namespace, port) | {"INGRESS_WORKERS": "1"}  # one process to sample
        with server_process(command, env, port) as (url, pid):
            answered, wall, cpu = asyncio.run(profile(pid, url, args, output))
        stored, queued = asyncio.run(count_durable(uri, database, namespace))
        inclusive, own, total = tally(output.read_text())
        heading = [
            f"# {answered} webhooks answered 200 in {wall:.1f} s ({answered / wall:.0f}/s) while "
            f"sampling; stored {stored}, queued {queued}",
            f"# ingress CPU: {cpu:.1f} s = {100 * cpu / wall:.0f} % of one core, "
            f"{1e6 * cpu / answered:.0f} us per webhook (py-spy's sampling included)",
        ]
        return "\n".join(heading) + "\n" + report(inclusive, own, total, args.top)


def parser() -> argparse.ArgumentParser:
    """Command-line options."""
    options = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    options.add_argument("--secs", type=int, default=15)
    options.add_argument("--concurrency", type=int, default=64)
    options.add_argument("--top", type=int, default=20)
    options.add_argument(
        "--rate", type=float, default=None, help="open-loop webhooks/s instead of a closed loop"
    )
    options.add_argument("--raw", type=Path, default=None, help="keep py-spy's stacks here")
    return options


def main() -> None:
    """Entry point."""
    print(run(parser().parse_args()))


if __name__ == "__main__":
    main()
