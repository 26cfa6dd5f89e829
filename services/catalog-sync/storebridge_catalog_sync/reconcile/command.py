"""`storebridge catalog-sync reconcile [--full]`: a pass now, in this process, under the lease.

While a catalog-sync replica holds the lease (it runs the passes), the command does not run one
beside it: with `--full` it asks that replica for a full compare at its next pass.
"""

from __future__ import annotations

from storebridge_catalog_sync.reconcile.passes import PassResult
from storebridge_catalog_sync.reconcile.setup import open_reconciler
from storebridge_catalog_sync.settings import ReconcileSettings
from storebridge_shared.ops.background import Stopping
from storebridge_shared.store.client import open_database


def result_line(kind: str, result: PassResult) -> str:
    """`changes pass 1796...: found 3, 17 API calls` (and why it stopped)."""
    line = f"{kind} {result.pass_id}: found {result.found}, {result.api_calls} API calls"
    return line + (f"; {result.stopped}" if result.stopped else "")


async def reconcile_now(settings: ReconcileSettings, *, full: bool, owner: str) -> list[str]:
    """Run the changes pass (and the full compare) or hand the full compare to the holder."""
    async with (
        open_database(settings) as db,
        open_reconciler(settings, db, owner, Stopping()) as run,
    ):
        if not await run.keeper.take():
            holder = await run.keeper.lease.holder()
            who = holder[0] if holder else "another process"
            if not full:
                return [f"catalog-sync ({who}) holds the reconcile lease and runs the passes"]
            r = run.reconciler
            await r.store.request_full(r.source, r.clock())
            return [f"catalog-sync ({who}) holds the reconcile lease: full compare requested"]
        try:
            lines = [result_line("changes pass", await run.reconciler.run_pass())]
            if full:
                lines.append(result_line("full compare", await run.full.run()))
            return lines
        finally:
            await run.keeper.lease.try_release()
