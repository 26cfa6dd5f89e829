"""RabbitMQ for tests: probe a broker, or run a private node that never touches the shared one.

A private node gets its own node name, AMQP and distribution ports, data, log, plugins and config
files (every one of these must be set, or the node collides with the shared broker on 5672/25672).
It is controlled only with `rabbitmqctl -n <its node name>`. Root runs Debian's wrappers in
/usr/sbin (they switch to the `rabbitmq` user); any other user (GitHub CI's runner, whom the
wrappers refuse) runs the scripts they wrap, which need only a writable HOME for the Erlang
cookie the server and rabbitmqctl share.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import aio_pika

from storebridge_shared.testing.mongodb import free_port

PROBE_TIMEOUT_SECS = 15.0
BOOT_TIMEOUT_SECS = 90.0
DEBIAN_SCRIPTS = Path("/usr/lib/rabbitmq/bin")
"""What Debian's /usr/sbin/rabbitmq-server and rabbitmqctl wrap."""


def rabbitmq_command(name: str) -> str | None:
    """The `rabbitmq-server` or `rabbitmqctl` to run as this user, or None if there is none."""
    unwrapped = DEBIAN_SCRIPTS / name
    if os.geteuid() != 0 and os.access(unwrapped, os.X_OK):
        return str(unwrapped)
    return shutil.which(name)


async def _answers(url: str) -> None:
    connection = await aio_pika.connect(url, timeout=PROBE_TIMEOUT_SECS)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(f"probe-{uuid.uuid4().hex[:8]}", exclusive=True)
        await queue.delete()


def broker_problem(url: str) -> str | None:
    """None when the broker at `url` accepts a connection and a queue; else what went wrong."""
    # In a thread of its own: asyncio.run must not touch the event loop of the test session.
    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(asyncio.run, asyncio.wait_for(_answers(url), PROBE_TIMEOUT_SECS))
    try:
        future.result()
    except Exception as error:  # any failure means "do not use this broker"
        return f"{type(error).__name__}: {error}".strip()
    return None


@dataclass(frozen=True)
class PrivateNode:
    """A RabbitMQ node of a test run's own."""

    name: str
    amqp_port: int
    base: Path

    @property
    def url(self) -> str:
        """AMQP URL of the node."""
        return f"amqp://guest:guest@127.0.0.1:{self.amqp_port}/"

    def ctl(self, *arguments: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        """Run `rabbitmqctl -n <node> ...` (e.g. `stop_app`, `start_app`)."""
        return subprocess.run(
            [rabbitmq_command("rabbitmqctl") or "rabbitmqctl", "-n", self.name, *arguments],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def queues(self) -> list[str]:
        """Names of the queues on the node now."""
        listed = self.ctl("list_queues", "name", "--no-table-headers", "--quiet")
        return sorted(line.strip() for line in listed.stdout.splitlines() if line.strip())


def _prepare(base: Path) -> None:
    """Files and directories of the node, owned by the user the server runs as."""
    (base / "empty-plugins").write_text("[].\n")
    (base / "rabbitmq.conf").write_text("loopback_users = none\n")
    (base / "mnesia").mkdir()
    (base / "log").mkdir()
    # Started as root, rabbitmq-server drops to the `rabbitmq` user, which must own these.
    if os.geteuid() == 0:
        with contextlib.suppress(KeyError):
            account = pwd.getpwnam("rabbitmq")
            for path in (base, *base.iterdir()):
                os.chown(path, account.pw_uid, account.pw_gid)


def _environment(name: str, base: Path, amqp_port: int, dist_port: int) -> dict[str, str]:
    return {
        **os.environ,
        "RABBITMQ_NODENAME": name,
        "RABBITMQ_NODE_PORT": str(amqp_port),
        "RABBITMQ_DIST_PORT": str(dist_port),
        "RABBITMQ_MNESIA_BASE": str(base / "mnesia"),
        "RABBITMQ_LOG_BASE": str(base / "log"),
        "RABBITMQ_ENABLED_PLUGINS_FILE": str(base / "empty-plugins"),
        "RABBITMQ_CONFIG_FILE": str(base / "rabbitmq"),
    }


@contextlib.contextmanager
def private_node() -> Iterator[PrivateNode]:
    """Start a RabbitMQ node on free ports in a temporary directory; stop and remove it on exit."""
    server = rabbitmq_command("rabbitmq-server")
    if server is None:
        raise RuntimeError("rabbitmq-server is not installed")
    base = Path(tempfile.mkdtemp(prefix="sbtest-rabbitmq-"))
    node = PrivateNode(f"sbtest{uuid.uuid4().hex[:8]}@localhost", free_port(), base)
    _prepare(base)
    environment = _environment(node.name, base, node.amqp_port, free_port())
    subprocess.run([server, "-detached"], env=environment, check=True, capture_output=True)
    try:
        deadline = time.monotonic() + BOOT_TIMEOUT_SECS
        while (problem := broker_problem(node.url)) is not None:
            if time.monotonic() > deadline:
                raise RuntimeError(f"private RabbitMQ node {node.name} did not start: {problem}")
            time.sleep(0.5)
        yield node
    finally:
        node.ctl("stop", timeout=120)
        shutil.rmtree(base, ignore_errors=True)
