"""A replicator process killed with SIGKILL in the middle of an order, then started again: it
resumes the order without a second status update (issue 11).

The replicator runs as a real subprocess (`python -m storebridge_order_replicator`); the sandbox
holds one of its calls (the `pauses` fault) so the kill lands at a known step.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.order_replicator.conftest import PHYSICAL, Stack
from tests.support.ingress import STORE_A, STORE_B
from tests.support.processes import alive, descendants, kill

pytestmark = pytest.mark.integration

START_SECS = 60.0
"""How long a loaded machine may take to start the process and consume (a bound, not a wait)."""


def _environment(stack: Stack) -> dict[str, str]:
    settings = stack.settings
    tokens = {STORE_A: "tok-a", STORE_B: "tok-b"}
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("STORE_", "ORDER_"))}
    return keep | {
        "STORE_A_HASH": STORE_A,
        "STORE_A_ACCESS_TOKEN": tokens[STORE_A],
        "STORE_B_HASH": STORE_B,
        "STORE_B_ACCESS_TOKEN": tokens[STORE_B],
        "BIGCOMMERCE_API_URL": stack.sandbox.url,
        "MONGODB_URI": settings.mongodb_uri,
        "AMQP_URL": settings.amqp_url,
        "BROKER_NAMESPACE": settings.broker_namespace,
        "ORDER_POLL_INTERVAL_MINUTES": "1440",
        "ORDER_MAX_ATTEMPTS": "20",
        "CONSUMER_PREFETCH": "20",
        "SHUTDOWN_GRACE_SECS": "2",
        "LOG_FORMAT": "json",
    }


@contextlib.asynccontextmanager
async def replicator_process(stack: Stack, tmp_path: Path, name: str) -> AsyncIterator[Any]:
    """`python -m storebridge_order_replicator`; killed (with anything it started) on exit."""
    output = tmp_path / f"{name}.log"
    with output.open("w") as sink:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "storebridge_order_replicator",
            env=_environment(stack),
            cwd=tmp_path,  # no .env of the checkout
            stdout=sink,
            stderr=sink,
        )
    try:
        yield process
    finally:
        leftovers = descendants(process.pid)
        if process.returncode is None:
            process.kill()
        await process.wait()
        kill(leftovers)
        assert not [pid for pid in leftovers if alive(pid)]


async def _sigkill(process: Any) -> None:
    process.send_signal(signal.SIGKILL)
    assert await process.wait() == -signal.SIGKILL


@pytest.mark.parametrize(
    ("held", "step"),
    [
        (
            {"path": "/v2/orders/*", "method": "GET", "query": {"consignment_structure": "object"}},
            "read",
        ),
        ({"path": "/v2/orders/*", "method": "PUT"}, "PUT"),
    ],
    ids=["killed-while-reading", "killed-during-its-put"],
)
async def test_given_a_replicator_killed_mid_order_when_started_again_then_it_resumes_without_a_second_status_update(
    stack: Stack, tmp_path: Path, held: dict[str, Any], step: str
):
    await stack.sandbox.set_faults(STORE_A, pauses=[{**held, "count": 1, "max_ms": 120_000}])
    order_id = await stack.checkout(PHYSICAL)
    async with replicator_process(stack, tmp_path, "first") as first:
        [call] = await stack.sandbox.wait_for_paused(1, STORE_A, timeout=START_SECS)
        await _sigkill(first)
    # the held call goes on after its client died: a PUT is applied, as BigCommerce would
    await stack.sandbox.release_paused(call["seq"], STORE_A)
    interrupted = await stack.order_doc(order_id)
    assert interrupted is not None and interrupted["state"] in ("new", "stored")

    async with replicator_process(stack, tmp_path, "second"):
        doc = await stack.until_state(order_id, "replicated", timeout=START_SECS)

    puts = await stack.status_puts(order_id)
    assert [put["body"] for put in puts] == [{"status_id": 9}]
    assert (await stack.bc_order(order_id))["status_id"] == 9
    assert doc["status_action"] == ("already" if step == "PUT" else "moved")
    assert await stack.db.orders.count_documents({"order_id": order_id}) == 1
