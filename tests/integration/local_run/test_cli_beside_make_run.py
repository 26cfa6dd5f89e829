"""After `make run`, every `storebridge` command in another terminal of the same checkout works
with nothing exported: the run's settings are in `.run/local.env` while it is up."""

from __future__ import annotations

import pytest

from tests.integration.local_run.conftest import ROOT, StartRun

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
