"""`storebridge backfill catalog`: copy all of store A into the destination stores, restartably."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from storebridge_catalog_sync.settings import BackfillSettings
from storebridge_cli.manners import FAILED, CommandError
from storebridge_cli.settings_help import settings_help
from storebridge_shared.settings import load_settings

SETTINGS = (BackfillSettings,)


def register(commands: Any) -> None:
    """Add the `backfill` command group and its `catalog` action."""
    parser = commands.add_parser("backfill", help="copy a whole catalog into the destinations")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    catalog = actions.add_parser(
        "catalog",
        help="read all of store A; link, update or create in each destination",
        description=(
            "Read every category, brand and product (with variants, images, custom fields) of "
            "store A; skip and report what cannot be copied (no SKU, invalid price or weight, "
            "variants without a product); match each destination by category path, brand name "
            "and SKU; link what exists, write only the differences, create what is missing "
            "(categories parents first). Restartable: a run after a crash resumes where it "
            "stopped. Each run is recorded in the activity register (`storebridge status`). "
            "Exit 1 if any item failed."
        ),
        epilog=settings_help(*SETTINGS),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    catalog.add_argument("--dry-run", action="store_true", help="compare and report; write nothing")
    catalog.add_argument("--destination", metavar="NAME", help="only this destination")
    catalog.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    catalog.set_defaults(run=run_catalog)


def run_catalog(arguments: argparse.Namespace) -> int:
    """Run the backfill, print each destination's report; exit 1 if anything failed."""
    from storebridge_catalog_sync.backfill.entry import run_backfill
    from storebridge_catalog_sync.backfill.runner import BackfillBusy
    from storebridge_shared.ops.logs import configure_logging

    settings = load_settings(BackfillSettings)
    configure_logging(settings.log_format, settings.log_level, service="backfill")
    try:
        reports = asyncio.run(
            run_backfill(
                settings,
                destination=arguments.destination,
                dry_run=arguments.dry_run,
                progress=not arguments.no_progress,
                on_report=lambda report: print("\n".join(report.lines()), flush=True),
            )
        )
    except BackfillBusy as busy:
        raise CommandError(str(busy), FAILED) from None
    failed = any(r.totals()["failed"] for r in reports)
    if failed:
        print("some items failed; run the backfill again once fixed", file=sys.stderr)
    return 1 if failed else 0
