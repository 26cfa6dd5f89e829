"""The `storebridge` command: one subcommand per service or operator tool."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from storebridge_cli.commands import REGISTRY
from storebridge_cli.local_run.settings_file import stale_notice
from storebridge_cli.manners import exit_codes_help, run_politely
from storebridge_shared import __version__
from storebridge_shared.settings import LOCAL_RUN_FILE


def build_parser() -> argparse.ArgumentParser:
    """The parser of every registered command."""
    parser = argparse.ArgumentParser(
        prog="storebridge",
        description="Keep BigCommerce stores in sync and feed their orders to back-office systems.",
        epilog=exit_codes_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"storebridge {__version__}")
    parser.add_argument(
        "--traceback", action="store_true", help="on an error, show the traceback, not one line"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in REGISTRY:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the command line, run the command, exit with its status (see `exit_codes_help`)."""
    arguments = build_parser().parse_args(argv)
    if notice := stale_notice(Path(LOCAL_RUN_FILE)):
        print(notice, file=sys.stderr)
    status = run_politely(
        arguments.command, lambda: arguments.run(arguments), traceback=arguments.traceback
    )
    raise SystemExit(status)
