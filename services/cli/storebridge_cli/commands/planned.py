"""Commands whose service has not landed yet: they say so and exit 2."""

from __future__ import annotations

import argparse
from typing import Any

from storebridge_cli.settings_help import settings_help
from storebridge_shared.settings import load_settings

PLANNED: dict[str, tuple[str, tuple[str, ...]]] = {}


def register(commands: Any) -> None:
    """Add a placeholder for each planned service."""
    for service, (issue, settings) in PLANNED.items():
        parser = commands.add_parser(
            service,
            help=f"run the {service} service",
            description=f"not implemented yet ({issue})",
            epilog=settings_help(settings),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        parser.set_defaults(run=_placeholder(service, issue))


def _placeholder(service: str, issue: str) -> Any:
    def run(_: argparse.Namespace) -> int:
        load_settings()
        print(f"storebridge {service}: not implemented yet ({issue})")
        return 2

    return run
