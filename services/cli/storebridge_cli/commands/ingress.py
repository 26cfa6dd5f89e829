"""`storebridge ingress`: serve the webhook intake."""

from __future__ import annotations

import argparse
from typing import Any

from storebridge_cli.settings_help import COMMON, settings_help
from storebridge_shared.settings import load_settings

SETTINGS = (
    "port",
    "app_url",
    "webhook_secret",
    "webhook_signing_secret",
    "webhook_max_body_bytes",
    "webhook_signature_tolerance_secs",
    "relay_interval_secs",
    "register_hooks_on_start",
    "shutdown_grace_secs",
    "store_a_hash",
    "store_b_hash",
    *COMMON,
)


def register(commands: Any) -> None:
    """Add the `ingress` command."""
    parser = commands.add_parser(
        "ingress",
        help="run the webhook ingress (aiohttp)",
        description="Receive BigCommerce webhooks; answer 200 once each is stored and published.",
        epilog=settings_help(SETTINGS),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(run=run)


def run(_: argparse.Namespace) -> int:
    """Serve until SIGTERM."""
    from storebridge_ingress.server import serve

    serve(load_settings())
    return 0
