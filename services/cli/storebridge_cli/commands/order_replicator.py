"""`storebridge order-replicator`: replicate new orders into MongoDB and move them on."""

from __future__ import annotations

import argparse
from typing import Any

from storebridge_cli.settings_help import settings_help
from storebridge_order_replicator.settings import OrderReplicatorSettings
from storebridge_shared.settings import load_settings

SETTINGS = (OrderReplicatorSettings,)


def register(commands: Any) -> None:
    """Add the `order-replicator` command."""
    parser = commands.add_parser(
        "order-replicator",
        help="run the order replicator (orders into MongoDB, status moved on once)",
        description=(
            "Consume order and cart events: store each order (with its products, shipping "
            "addresses and coupons) once in MongoDB, move its status to Awaiting Shipment or "
            "Awaiting Pickup once, and publish order.replicated. Every "
            "ORDER_POLL_INTERVAL_MINUTES poll the stores for orders the webhooks missed. "
            "Safe to run in several replicas. Runs until SIGTERM."
        ),
        epilog=settings_help(*SETTINGS),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(run=run)


def run(_: argparse.Namespace) -> int:
    """Run until SIGTERM."""
    from storebridge_order_replicator.app import main

    main(load_settings(OrderReplicatorSettings))
    return 0
