"""`storebridge hooks sync`: reconcile this storebridge's webhooks on every configured store."""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from storebridge_cli.settings_help import settings_help
from storebridge_ingress.settings import HooksSettings
from storebridge_shared.settings import load_settings

SETTINGS = (HooksSettings,)


def register(commands: Any) -> None:
    """Add the `hooks` command group."""
    hooks = commands.add_parser("hooks", help="manage this storebridge's webhooks on the stores")
    actions = hooks.add_subparsers(dest="action", required=True, metavar="ACTION")
    sync = actions.add_parser(
        "sync",
        help="create, fix and remove our hooks; never touch hooks storebridge did not create",
        description=(
            "Reconcile every configured store's hooks with what storebridge needs: product, "
            "category, SKU, cart and order scopes, sent to APP_URL/webhooks with the secret "
            "header. Idempotent: a second run changes nothing and says so."
        ),
        epilog=settings_help(*SETTINGS),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sync.add_argument(
        "--dry-run",
        action="store_true",
        help="print the plan (each hook to create, fix or delete), change nothing",
    )
    sync.set_defaults(run=run_sync)


def run_sync(arguments: argparse.Namespace) -> int:
    """Reconcile and print one line per store; exit 1 if a write failed."""
    from storebridge_shared.hooks.sync import sync_all_hooks

    reports = asyncio.run(sync_all_hooks(load_settings(HooksSettings), dry_run=arguments.dry_run))
    for report in reports:
        print(report.line(arguments.dry_run))
        if arguments.dry_run:
            print("".join(f"  would {step}\n" for step in report.plan.steps()), end="")
    return 1 if any(report.errors for report in reports) else 0
