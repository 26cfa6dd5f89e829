"""Graceful shutdown of a real consumer process: SIGTERM with a message in flight loses nothing."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from tests.support.waiting import wait_until

from .conftest import SERVICE, Broker, envelope

pytestmark = pytest.mark.integration

SCRIPT = Path(__file__).with_name("shutdown_app.py")


class Consumer:
    """The consumer subprocess and the journal its handler writes."""

    def __init__(self, process: asyncio.subprocess.Process, journal: Path, output: Path) -> None:
        self.process = process
        self.journal = journal
        self.output = output

    async def has_started(self) -> bool:
        """True once the handler has started on some message."""
        return bool(self.ids("start"))

    def lines(self) -> list[str]:
        """The journal, line by line."""
        return self.journal.read_text().splitlines() if self.journal.exists() else []

    def ids(self, kind: str) -> list[str]:
        """Event ids with a `start` or `done` line, in order."""
        return [line.split()[1] for line in self.lines() if line.startswith(f"{kind} ")]

    async def terminate(self, timeout: float) -> tuple[int, float]:
        """Send SIGTERM; return the exit code and the seconds the process took to exit."""
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        try:
            code = await asyncio.wait_for(self.process.wait(), timeout)
        except TimeoutError:
            self.process.kill()
            raise AssertionError(
                f"no exit within {timeout} s:\n{self.output.read_text()}"
            ) from None
        return code, time.monotonic() - started


async def start_consumer(
    amqp_url: str,
    broker: Broker,
    tmp_path: Path,
    *,
    handle_secs: float,
    grace_secs: float,
    prefetch: int,
) -> Consumer:
    """Run tests/integration/consumer/shutdown_app.py against the test's topology."""
    journal, output = tmp_path / "journal.txt", tmp_path / "output.txt"
    env = {
        **os.environ,
        "SHUTDOWN_TEST_LOG": str(journal),
        "SHUTDOWN_TEST_HANDLE_SECS": str(handle_secs),
        "SHUTDOWN_TEST_AMQP_URL": amqp_url,
        "SHUTDOWN_TEST_NAMESPACE": broker.topology.namespace,
        "SHUTDOWN_TEST_PREFETCH": str(prefetch),
        "SHUTDOWN_TEST_GRACE_SECS": str(grace_secs),
    }
    with output.open("w") as sink:
        process = await asyncio.create_subprocess_exec(
            sys.executable, str(SCRIPT), env=env, cwd=tmp_path, stdout=sink, stderr=sink
        )
    return Consumer(process, journal, output)


async def test_given_a_message_in_flight_when_sigterm_then_it_finishes_and_the_rest_stay_queued(
    amqp_url: str, broker: Broker, tmp_path: Path
):
    sent = [envelope(str(i)) for i in range(4)]
    for event in sent:
        await broker.publish(event)
    consumer = await start_consumer(
        amqp_url, broker, tmp_path, handle_secs=1.0, grace_secs=5.0, prefetch=2
    )

    await wait_until(consumer.has_started, timeout=20)
    code, _ = await consumer.terminate(timeout=10)

    assert code == 0, consumer.output.read_text()
    started, done = consumer.ids("start"), consumer.ids("done")
    assert set(started) == set(done) and len(done) == len(set(done)), "in-flight ones finished"
    assert consumer.lines()[-1] == "lifespan closed", "resources close after the handlers"
    main = broker.topology.queues(SERVICE).main
    await wait_until(lambda: broker.ready_is(main, len(sent) - len(done)), timeout=5)
    assert 0 < len(done) < len(sent), "shutdown stopped consuming part-way"
    assert await broker.ready(broker.topology.queues(SERVICE).dead) == 0


async def test_given_a_handler_slower_than_the_grace_when_sigterm_then_its_message_is_requeued(
    amqp_url: str, broker: Broker, tmp_path: Path
):
    sent = [envelope(str(i)) for i in range(2)]
    for event in sent:
        await broker.publish(event)
    consumer = await start_consumer(
        amqp_url, broker, tmp_path, handle_secs=30.0, grace_secs=0.5, prefetch=1
    )

    await wait_until(consumer.has_started, timeout=20)
    code, took = await consumer.terminate(timeout=10)

    assert code == 0, consumer.output.read_text()
    assert took < 30.0, "the shutdown did not wait for the 30 s handler (the grace cut it)"
    assert consumer.ids("done") == []
    main = broker.topology.queues(SERVICE).main
    await wait_until(lambda: broker.ready_is(main, len(sent)), timeout=5)
