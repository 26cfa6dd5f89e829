"""A tiny consuming service for the graceful-shutdown tests, run as `python shutdown_app.py`.

Each handling appends `start <event id>` to SHUTDOWN_TEST_LOG, works SHUTDOWN_TEST_HANDLE_SECS,
then appends `done <event id>`; the lifespan (the service's own resources) appends `lifespan open`
and `lifespan closed`. Settings come from the environment the test sets.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from storebridge_shared.broker.consumer import build_consumer_app
from storebridge_shared.broker.topology import Topology
from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.settings import ConsumerSettings

SERVICE = "test-consumer"


def _note(journal: Path, line: str) -> None:
    with journal.open("a") as out:
        out.write(line + "\n")


def main() -> None:
    """Build the consumer app from the environment and run it until SIGTERM/SIGINT."""
    env = os.environ
    journal = Path(env["SHUTDOWN_TEST_LOG"])
    handle_secs = float(env["SHUTDOWN_TEST_HANDLE_SECS"])

    async def handle(envelope: EventEnvelope) -> None:
        _note(journal, f"start {envelope.event_id}")
        await asyncio.sleep(handle_secs)
        _note(journal, f"done {envelope.event_id}")

    @asynccontextmanager
    async def lifespan() -> AsyncIterator[None]:
        _note(journal, "lifespan open")
        yield
        _note(journal, "lifespan closed")

    settings = ConsumerSettings(
        amqp_url=env["SHUTDOWN_TEST_AMQP_URL"],
        broker_namespace=env["SHUTDOWN_TEST_NAMESPACE"],
        consumer_prefetch=int(env["SHUTDOWN_TEST_PREFETCH"]),
        shutdown_grace_secs=float(env["SHUTDOWN_TEST_GRACE_SECS"]),
    )
    topology = Topology(
        namespace=settings.broker_namespace,
        bindings={SERVICE: ("*.product.#",)},
        retry_delays=(0.05, 0.1, 0.2),
    )
    app = build_consumer_app(settings, topology, SERVICE, handle, lifespan=lifespan)
    asyncio.run(app.run())


if __name__ == "__main__":
    main()
