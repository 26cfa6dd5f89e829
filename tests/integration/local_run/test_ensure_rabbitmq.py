"""scripts/ensure_rabbitmq.sh (run by `make run`, `make test`, `make bench`): a broker that
answers is left alone, a running node is never started again, a stopped one is started.

The rabbitmq commands are stand-ins on PATH that record their calls; AMQP_URL points at a free
local port, so the shared broker is never touched.
"""

from __future__ import annotations

import asyncio
import os
import socket
from pathlib import Path

import pytest

from storebridge_shared.testing.mongodb import free_port
from tests.integration.local_run.conftest import ROOT
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration

SCRIPT = ROOT / "scripts" / "ensure_rabbitmq.sh"
FAKE = '#!/usr/bin/env bash\necho "{name} $*" >> "{log}"\nexit {code}\n'


def fake_commands(tmp_path: Path, *, node_running: bool) -> Path:
    """rabbitmq-server, rabbitmqctl and rabbitmq-diagnostics that only log; the log's path."""
    log = tmp_path / "calls.log"
    log.touch()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    codes = {
        "rabbitmq-server": 0,
        "rabbitmqctl": 0,
        "rabbitmq-diagnostics": 0 if node_running else 1,
    }
    for name, code in codes.items():
        path = bin_dir / name
        path.write_text(FAKE.format(name=name, log=log, code=code))
        path.chmod(0o755)
    return log


async def ensure(tmp_path: Path, port: int) -> asyncio.subprocess.Process:
    """Start the script against 127.0.0.1:`port` with the fake commands first on PATH."""
    env = os.environ | {
        "AMQP_URL": f"amqp://guest:guest@127.0.0.1:{port}/",
        "PATH": f"{tmp_path / 'bin'}:{os.environ['PATH']}",
    }
    return await asyncio.create_subprocess_exec(str(SCRIPT), env=env)


def listening(port: int) -> socket.socket:
    """Something that accepts TCP connections on `port` (standing for a broker)."""
    server = socket.create_server(("127.0.0.1", port))
    server.setblocking(False)
    return server


async def test_given_a_broker_that_answers_when_ensuring_then_nothing_is_started(tmp_path):
    log = fake_commands(tmp_path, node_running=False)
    port = free_port()
    with listening(port):
        process = await ensure(tmp_path, port)
        assert await process.wait() == 0
    assert log.read_text() == ""


@pytest.mark.parametrize("node_running", [True, False])
async def test_given_no_answer_when_ensuring_then_a_running_node_is_awaited_a_stopped_one_started(
    tmp_path, node_running
):
    log = fake_commands(tmp_path, node_running=node_running)
    port = free_port()
    process = await ensure(tmp_path, port)

    async def awaited() -> bool:
        return "rabbitmqctl await_startup" in log.read_text()

    await wait_until(awaited, timeout=30)
    with listening(port):  # the broker finished booting
        assert await process.wait() == 0
    started = "rabbitmq-server -detached" in log.read_text()
    assert started is not node_running
