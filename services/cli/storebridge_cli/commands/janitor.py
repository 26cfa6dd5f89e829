"""`storebridge janitor`: purge old processed events, re-drive, report stuck events, metrics."""

from __future__ import annotations

import argparse
from typing import Any

from storebridge_cli.settings_help import settings_help
from storebridge_janitor.settings import JanitorSettings
from storebridge_shared.settings import load_settings

SETTINGS = (JanitorSettings,)


def register(commands: Any) -> None:
    """Add the `janitor` command."""
    parser = commands.add_parser(
        "janitor",
        help="run the janitor (purge, re-drive, stuck-event alerts, metrics)",
        description=(
            "Every CLEAN_PERIOD_IN_HOURS delete processed events older than "
            "EVENT_RETENTION_HOURS in small batches; every JANITOR_INTERVAL_SECS publish events "
            "that were stored but never published and report published events nobody processed. "
            "Only the holder of the MongoDB lease acts, so running two is safe. Runs until SIGTERM."
        ),
        epilog=settings_help(*SETTINGS),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(run=run)


def run(_: argparse.Namespace) -> int:
    """Run until SIGTERM."""
    from storebridge_janitor.app import main

    main(load_settings(JanitorSettings))
    return 0
