"""`LOG_FORMAT=json` under `make run`: every line a service writes is one JSON object (FastStream's
included, no colours), carries the full event id of the work it belongs to, and an expected
failure (a 422 dead letter) is one line with its reason, no traceback; httpx stays quiet."""

from __future__ import annotations

import json
import re

import httpx
import pytest

from tests.integration.local_run.conftest import ROOT, StartRun

pytestmark = pytest.mark.integration

EXAMPLE = (ROOT / ".env.example").read_text()
NOT_SERVICES = ("run: ", "  ", "======== Running on", "(Press CTRL+C", "store A (", "store B (")
"""The supervisor's own lines, the sandbox's (a test tool) and `hooks sync`'s report."""
EVENT_ID = re.compile(r"^[0-9a-f]{32}$")


def service_lines(text: str) -> list[dict]:
    """Every line the services wrote, parsed (fails on a line that is not JSON)."""
    return [json.loads(line) for line in text.splitlines() if not line.startswith(NOT_SERVICES)]


async def test_given_json_logs_when_a_product_dead_letters_and_an_order_flows_then_every_line_is_json(
    start_run: StartRun,
):
    async with start_run(EXAMPLE, LOG_FORMAT="json") as run:
        await run.until_printed("run: up")
        sandbox = run.urls()["sandbox"]
        refuse = {"path": "/v3/catalog/products*", "method": "POST", "status": 422, "count": 9}
        async with httpx.AsyncClient(timeout=10) as http:
            await http.put(f"{sandbox}/_sandbox/stores/storeb/faults", json={"failures": [refuse]})
            await http.put(f"{sandbox}/_sandbox/stores/storea/products/77", json={"price": 3.5})
            await run.until_printed('"message dead-lettered"', timeout=60)
            line = {"line_items": [{"product_id": 78, "quantity": 1}]}
            await http.post(f"{sandbox}/_sandbox/stores/storea/checkout", json=line)
            await run.until_printed('"order.replicated"', timeout=60)
        run.interrupt()
        assert await run.exit_code() == 0, run.text()

    text = run.text()
    assert "\x1b[" not in text and "Traceback" not in text
    lines = service_lines(text)
    dead = [line for line in lines if line["event"] == "message dead-lettered"]
    assert len(dead) == 1 and "422" in dead[0]["reason"] and EVENT_ID.match(dead[0]["event_id"])
    assert not [line for line in lines if line["event"] == "handler failed"]
    faststream = [line for line in lines if line["event"] in ("Received", "Processed")]
    assert faststream and all(EVENT_ID.match(line.get("event_id", "")) for line in faststream)
    work = [line for line in lines if line["event"] in ("catalog.synced", "order.replicated")]
    assert work and all(EVENT_ID.match(line.get("event_id", "")) for line in work)
    assert not [line for line in lines if line.get("logger") == "httpx"]
    assert text.count("store A (storea): created ") == 1  # hooks sync: its report, once
    assert "hooks_synced" not in text
