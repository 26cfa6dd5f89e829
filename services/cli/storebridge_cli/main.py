"""The `storebridge` command: one subcommand per service or operator tool."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from storebridge_cli.commands import REGISTRY
from storebridge_cli.local_run.settings_file import stale_notice
from storebridge_shared.settings import LOCAL_RUN_FILE, ConfigurationError


def build_parser() -> argparse.ArgumentParser:
    """The parser of every registered command."""
    parser = argparse.ArgumentParser(
        prog="storebridge",
        description="Keep BigCommerce stores in sync and feed their orders to back-office systems.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in REGISTRY:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the command line, run the command, exit with its status."""
    arguments = build_parser().parse_args(argv)
    if notice := stale_notice(Path(LOCAL_RUN_FILE)):
        print(notice, file=sys.stderr)
    try:
        status = arguments.run(arguments)
    except ConfigurationError as error:
        print(f"storebridge: configuration error: {error}", file=sys.stderr)
        status = 2
    raise SystemExit(status)
