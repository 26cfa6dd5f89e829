"""`storebridge status orders`: recent poll runs, orders by state, dead letters (peeked)."""

from __future__ import annotations

import argparse
import asyncio
import json
from typing import Any

from storebridge_cli.commands.status import add_status_action
from storebridge_cli.settings_help import settings_help
from storebridge_order_replicator.settings import OrderStatusSettings
from storebridge_shared.settings import load_settings

SETTINGS = (OrderStatusSettings,)


def register(commands: Any) -> None:
    """Add the `orders` action to the `status` group."""
    orders = add_status_action(
        commands,
        "orders",
        help="order replicator: recent poll runs, orders by state, dead letters",
        description=(
            "The order replicator's latest poll runs (when, store, found, new, errors), how "
            "many orders are in each state, and the dead letters of its queue (peeked: they "
            "stay in the queue)."
        ),
        epilog=settings_help(*SETTINGS),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    orders.add_argument("--limit", type=int, default=10, help="poll runs to show (default 10)")
    orders.add_argument(
        "--json", action="store_true", help="print the same report as one JSON object"
    )
    orders.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    """Print the report (MongoDB unreachable: exit 3, see `storebridge --help`)."""
    from storebridge_order_replicator.status import read_report, report_lines, report_record

    report = asyncio.run(read_report(load_settings(OrderStatusSettings), arguments.limit))
    if getattr(arguments, "json", False):
        print(json.dumps(report_record(report), indent=2))
    else:
        print("\n".join(report_lines(report)))
    return 0
