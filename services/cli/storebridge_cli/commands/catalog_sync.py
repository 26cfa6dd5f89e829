"""`storebridge catalog-sync resync`: force a re-sync (the service runs from `services.py`)."""

from __future__ import annotations

import argparse
import asyncio

from storebridge_catalog_sync.settings import ResyncSettings
from storebridge_cli.manners import CommandError
from storebridge_cli.settings_help import settings_help
from storebridge_shared.settings import load_settings

SETTINGS = (ResyncSettings,)


def add_resync(parser: argparse.ArgumentParser) -> None:
    """Add the `resync` action to the `catalog-sync` command (see `services.py`)."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    resync = actions.add_parser(
        "resync",
        help="sync products or categories now, without waiting for a webhook",
        epilog=settings_help(ResyncSettings),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    resync.add_argument("--product", type=int, action="append", default=[], metavar="ID")
    resync.add_argument("--sku", action="append", default=[], metavar="SKU")
    resync.add_argument("--category", type=int, action="append", default=[], metavar="ID")
    resync.add_argument("--all", action="store_true", help="every product of store A")
    resync.set_defaults(run=run_resync)


def run_resync(arguments: argparse.Namespace) -> int:
    """Sync what was asked, print one line per destination; exit 1 if anything failed."""
    from storebridge_catalog_sync.resync import ResyncRequest, resync
    from storebridge_shared.store.leases import owner_id

    request = ResyncRequest(
        product_ids=arguments.product,
        skus=arguments.sku,
        category_ids=arguments.category,
        everything=arguments.all,
    )
    if not (request.product_ids or request.skus or request.category_ids or request.everything):
        raise CommandError("nothing to re-sync: give --product, --sku, --category or --all")
    outcomes = asyncio.run(resync(load_settings(ResyncSettings), request, owner_id()))
    for outcome in outcomes:
        for result in outcome.results:
            line = f"{outcome.kind} {outcome.source_id} -> {result.destination}: "
            print(line + f"{result.status.value} {result.reason}".rstrip())
    return 0 if all(o.in_sync for o in outcomes) else 1
