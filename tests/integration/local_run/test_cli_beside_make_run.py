"""After `make run`, every `storebridge` command in another terminal of the same checkout works
with nothing exported: the run's settings are in `.run/local.env` while it is up."""

from __future__ import annotations

import httpx
import pytest

from tests.integration.local_run.conftest import ROOT, StartRun
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration

EXAMPLE = (ROOT / ".env.example").read_text()
COMMANDS = (
    ("hooks", "sync", "--dry-run"),
    ("backfill", "catalog", "--dry-run", "--no-progress"),
    ("status",),
    ("status", "orders"),
    ("dlq", "list", "--service", "catalog-sync"),
    ("dlq", "requeue", "--service", "order-replicator"),
    ("replay", "--store", "storea", "--scope", "store/product/*", "--since", "1h", "--dry-run"),
    ("catalog-sync", "resync", "--product", "77"),
    ("events", "migrate", "--dry-run"),
)


async def test_given_make_run_up_when_each_command_runs_with_no_exports_then_each_succeeds(
    start_run: StartRun,
):
    async with start_run(EXAMPLE) as run:
        await run.until_printed("run: up")
        settings = run.output.parent / ".run" / "local.env"
        assert settings.is_file()

        for command in COMMANDS:
            done = await run.storebridge(*command)
            assert done.code == 0, f"{command}: {done.code}\n{done.out}\n{done.err}"
            assert "is required" not in done.err, command
            assert "Traceback" not in done.err, command

        run.interrupt()
        assert await run.exit_code() == 0, run.text()
        assert not settings.exists(), "removed when the run stops"


async def test_given_make_run_up_when_destroying_or_guessing_then_asked_first_and_refused(
    start_run: StartRun,
):
    async with start_run(EXAMPLE) as run:
        await run.until_printed("run: up")

        plan = await run.storebridge("hooks", "sync", "--dry-run")
        assert "store A (storea): nothing to change" in plan.out, plan.out

        unknown = await run.storebridge(
            "replay", "--store", "nosuch", "--scope", "*", "--since", "1h"
        )
        assert unknown.code == 2
        assert unknown.err.startswith("storebridge replay: unknown store 'nosuch'"), unknown.err

        sandbox = run.urls()["sandbox"]
        async with httpx.AsyncClient(timeout=10) as http:
            await http.put(f"{sandbox}/_sandbox/stores/storea/products/77", json={"price": 9.5})
        replay = ("replay", "--store", "storea", "--scope", "store/product/*", "--since", "1h")

        async def stored() -> bool:
            return "would republish 0 " not in (await run.storebridge(*replay, "--dry-run")).out

        await wait_until(stored, timeout=60)
        declined = await run.storebridge(*replay, answer="n\n")
        assert declined.code == 4, declined
        assert "republish" in declined.err and "[y/N]" in declined.err
        assert "republished" not in declined.out

        purge = ("dlq", "purge", "--service", "catalog-sync")
        assert (await run.storebridge(*purge)).code == 4  # no answer: nothing dropped
        assert (await run.storebridge(*purge, answer="y\n")).code == 0
