"""`storebridge ingress`: serve the webhook intake."""

from __future__ import annotations

import argparse
from typing import Any

from storebridge_cli.settings_help import settings_help
from storebridge_ingress.settings import IngressSettings
from storebridge_shared.settings import load_settings

SETTINGS = (IngressSettings,)


def register(commands: Any) -> None:
    """Add the `ingress` command."""
    parser = commands.add_parser(
        "ingress",
        help="run the webhook ingress (aiohttp)",
        description="Receive BigCommerce webhooks; answer 200 once each is stored and published.",
        epilog=settings_help(*SETTINGS),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(run=run)


def run(_: argparse.Namespace) -> int:
    """Serve until SIGTERM."""
    from storebridge_ingress.server import serve

    serve(load_settings(IngressSettings))
    return 0
