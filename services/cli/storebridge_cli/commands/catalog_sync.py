"""`storebridge catalog-sync resync|reconcile|rules`: force a re-sync, a reconcile pass now, or
show the destinations' rules (the service runs from `services.py`)."""

from __future__ import annotations

import argparse
import asyncio

from storebridge_catalog_sync.settings import ReconcileSettings, ResyncSettings
from storebridge_cli.manners import CommandError
from storebridge_cli.settings_help import settings_help
from storebridge_shared.settings import load_settings

SETTINGS = (ResyncSettings, ReconcileSettings)


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
    reconcile = actions.add_parser(
        "reconcile",
        help="a reconcile pass now: what changed in store A since the last one",
        description=(
            "Run a reconcile pass now (with --full also the full compare: all of A and B by "
            "SKU, for edits that leave date_modified alone), under the lease of the service's "
            "passes. While a catalog-sync replica holds it, --full asks that replica instead."
        ),
        epilog=settings_help(ReconcileSettings),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    reconcile.add_argument("--full", action="store_true", help="also the full compare")
    reconcile.set_defaults(run=run_reconcile)
    rules = actions.add_parser(
        "rules",
        help="each destination's rules; with --explain, what one product gets and why",
        description=(
            "Without --explain: each destination's rules (as validated) and their digest. With "
            "--explain --sku SKU: what each destination (or --destination NAME) would get for "
            "that product of store A and why: scope, prices, stock, availability, owned "
            "fields, and the writes planned against its product there now. Reads only."
        ),
        epilog=settings_help(ResyncSettings),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    rules.add_argument("--explain", action="store_true", help="explain one product (--sku)")
    rules.add_argument("--sku", metavar="SKU", help="the product's SKU in store A")
    rules.add_argument("--destination", metavar="NAME", help="one destination (default: all)")
    rules.set_defaults(run=run_rules)


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


def run_reconcile(arguments: argparse.Namespace) -> int:
    """Run (or request) the pass and print one line per pass."""
    from storebridge_catalog_sync.reconcile.command import reconcile_now
    from storebridge_shared.store.leases import owner_id

    settings = load_settings(ReconcileSettings)
    for line in asyncio.run(reconcile_now(settings, full=arguments.full, owner=owner_id())):
        print(line)
    return 0


def run_rules(arguments: argparse.Namespace) -> int:
    """Print the rules, or what one product gets in each destination and why."""
    from storebridge_catalog_sync.explaining import ExplainError, explain_sku

    if arguments.explain and not arguments.sku:
        raise CommandError("--explain needs --sku SKU")
    if arguments.sku and not arguments.explain:
        raise CommandError("--sku goes with --explain")
    settings = load_settings(ResyncSettings)
    try:
        lines = asyncio.run(explain_sku(settings, arguments.sku, arguments.destination))
    except ExplainError as error:
        raise CommandError(str(error), error.code) from None
    for line in lines:
        print(line)
    return 0
