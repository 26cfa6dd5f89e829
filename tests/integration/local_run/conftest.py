"""`make run`'s supervisor (scripts/run_local.py) as a subprocess, on free ports, cleaned up."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sys
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

import aio_pika
import pytest

from storebridge_shared.broker.declaration import delete_topology
from storebridge_shared.broker.topology import Topology
from tests.support.processes import alive, descendants, kill
from tests.support.waiting import wait_until

ROOT = Path(__file__).resolve().parents[3]
SUPERVISOR = ROOT / "scripts" / "run_local.py"
STOREBRIDGE = str(Path(sys.executable).with_name("storebridge"))
URL_LINE = re.compile(r"^  (\S+)\s+(\S+)")
EXAMPLE = (ROOT / ".env.example").read_text().splitlines()
OURS = {line.partition("=")[0] for line in EXAMPLE if "=" in line and not line.startswith("#")}
OURS |= {"OPS_PORT", "JANITOR_PORT"}  # deprecated names, still read


@dataclass(frozen=True)
class Done:
    """A finished command: exit code, standard output and standard error."""

    code: int
    out: str
    err: str


@dataclass
class LocalRun:
    """One supervisor process, its output and every process it started."""

    process: asyncio.subprocess.Process
    output: Path
    namespace: str
    seen: set[int] = field(default_factory=set)

    def text(self) -> str:
        """Everything it printed so far (stdout and stderr)."""
        return self.output.read_text(errors="replace")

    def urls(self) -> dict[str, str]:
        """The URLs of the "up" banner, by name."""
        banner = self.text().partition("run: up")[2].splitlines()[1:]
        return {m[1]: m[2] for line in banner if (m := URL_LINE.match(line))}

    def remember_children(self) -> None:
        """Note the processes started so far (to check later that none outlived the run)."""
        self.seen.update(descendants(self.process.pid))

    async def until_printed(self, text: str, timeout: float = 120) -> None:
        """Wait until `text` was printed, or fail if the supervisor exited first."""

        async def printed() -> bool:
            self.remember_children()
            exited = self.process.returncode is not None
            assert text in self.text() or not exited, f"exited without {text!r}:\n{self.text()}"
            return text in self.text()

        await wait_until(printed, timeout=timeout, interval=0.2)

    async def exit_code(self, timeout: float = 90) -> int:
        """Wait for the supervisor to exit; its exit code."""

        async def exited() -> bool:
            self.remember_children()
            return self.process.returncode is not None

        await wait_until(exited, timeout=timeout, interval=0.1)
        return await self.process.wait()

    def interrupt(self) -> None:
        """What Ctrl-C in its terminal does: SIGINT to the supervisor."""
        self.remember_children()
        self.process.send_signal(signal.SIGINT)

    async def storebridge(self, *arguments: str, answer: str = "") -> Done:
        """A `storebridge` command in another terminal of the same checkout: no settings exported."""
        base = {k: v for k, v in os.environ.items() if k not in OURS}
        process = await asyncio.create_subprocess_exec(
            STOREBRIDGE,
            *arguments,
            env=base,
            cwd=self.output.parent,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(process.communicate(answer.encode()), timeout=120)
        return Done(
            await process.wait(), out.decode(errors="replace"), err.decode(errors="replace")
        )

    def leftovers(self) -> list[int]:
        """Processes it started that are still alive."""
        return [pid for pid in self.seen | set(descendants(self.process.pid)) if alive(pid)]


def environment(namespace: str, amqp_url: str, **overrides: str) -> dict[str, str]:
    """This machine's environment without any storebridge setting, plus free ports."""
    base = {k: v for k, v in os.environ.items() if k not in OURS}
    return (
        base
        | {
            "PORT": "0",
            "SANDBOX_PORT": "0",
            "CONSOLE_PORT": "0",
            "BROKER_NAMESPACE": namespace,
            "AMQP_URL": amqp_url,
            "SHUTDOWN_GRACE_SECS": "5",
        }
        | overrides
    )


StartRun = Callable[..., contextlib.AbstractAsyncContextManager[LocalRun]]


@pytest.fixture
def start_run(tmp_path: Path, amqp_url: str) -> StartRun:
    """Start the supervisor with a `.env` in a temporary checkout; stop and clean up after."""

    @contextlib.asynccontextmanager
    async def start(
        env_file_text: str, *, ready_timeout: float = 90, **overrides: str
    ) -> AsyncIterator[LocalRun]:
        namespace = f"t-{uuid.uuid4().hex[:10]}"
        (tmp_path / ".env").write_text(env_file_text)
        output = tmp_path / "output.txt"
        command = [sys.executable, str(SUPERVISOR), "--env-file", str(tmp_path / ".env")]
        command += ["--run-dir", str(tmp_path / ".run"), "--mongodb-port", "0"]
        command += ["--ready-timeout", str(ready_timeout)]
        with output.open("wb") as sink:
            process = await asyncio.create_subprocess_exec(
                *command,
                env=environment(namespace, amqp_url, **overrides),
                cwd=tmp_path,
                stdout=sink,
                stderr=asyncio.subprocess.STDOUT,
                start_new_session=True,
            )
        run = LocalRun(process, output, namespace)
        try:
            yield run
        finally:
            await _clean_up(run, amqp_url)

    return start


async def _clean_up(run: LocalRun, amqp_url: str) -> None:
    if run.process.returncode is None:
        run.interrupt()
        with contextlib.suppress(AssertionError):
            await run.exit_code(timeout=60)
    kill(run.leftovers())
    if run.process.returncode is None:
        run.process.kill()
        await run.process.wait()
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        await delete_topology(await connection.channel(), Topology(namespace=run.namespace))
