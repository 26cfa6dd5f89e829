"""`storebridge status`: the activity register (last runs) and the last sync of one resource.

A command group: `storebridge status` (same as `status catalog`) prints the catalog's latest runs,
or with `--sku` / `--product` / `--category` one resource's last sync per destination. Other
modules add their own sub-actions with `add_status_action(commands, name, ...)` from their own
`register(commands)` (e.g. `storebridge status orders`); the order in REGISTRY does not matter.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from typing import Any, TextIO

from storebridge_cli.settings_help import settings_help
from storebridge_shared.settings import MongoSettings, load_settings

SETTINGS = (MongoSettings,)
_GROUPS: dict[int, Any] = {}


def _status_actions(commands: Any) -> Any:
    """The sub-action group of `status`, creating the `status` command on first use."""
    key = id(commands)
    if key not in _GROUPS:
        parser = commands.add_parser(
            "status",
            help="what the syncs did: latest runs, last sync of one resource",
            description=(
                "Without an action: the catalog sync's latest runs (as `status catalog`). "
                "Actions show other parts of storebridge."
            ),
            epilog=settings_help(*SETTINGS),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        _add_catalog_options(parser)
        parser.set_defaults(run=run_catalog)
        _GROUPS[key] = parser.add_subparsers(dest="what", metavar="[WHAT]")
    return _GROUPS[key]


def add_status_action(commands: Any, name: str, **parser_options: Any) -> argparse.ArgumentParser:
    """Add `storebridge status NAME` and return its parser (the caller sets `run`)."""
    parser: argparse.ArgumentParser = _status_actions(commands).add_parser(name, **parser_options)
    return parser


def _add_catalog_options(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--sku", help="last sync of the product holding this product/variant SKU")
    which.add_argument("--product", type=int, metavar="ID", help="last sync of source product ID")
    which.add_argument("--category", type=int, metavar="ID", help="last sync of source category")
    parser.add_argument("--limit", type=int, default=19, help="runs to show (default 19)")
    parser.add_argument(
        "--json", action="store_true", help="print JSON (one array) instead of the table"
    )


def register(commands: Any) -> None:
    """Add the `status` command group with its `catalog` action."""
    catalog = add_status_action(
        commands,
        "catalog",
        help="the catalog sync's latest runs, or the last sync of one resource",
        description=(
            "The latest runs of the catalog sync (backfills, and event-driven syncs per "
            "destination and hour): kind, start, duration, status, counters, API calls. With "
            "--sku, --product or --category: that resource's last sync in each destination."
        ),
        epilog=settings_help(*SETTINGS),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_catalog_options(catalog)
    catalog.set_defaults(run=run_catalog)


def run_catalog(arguments: argparse.Namespace) -> int:
    """Print the catalog status; exit 0 (MongoDB unreachable: see `storebridge --help`)."""
    return asyncio.run(print_catalog_status(load_settings(MongoSettings), arguments))


async def print_catalog_status(
    settings: MongoSettings, arguments: argparse.Namespace, out: TextIO | None = None
) -> int:
    """Query MongoDB and print the runs table or the resource's lines (or, with --json, the same
    records as one JSON array, from the same queries)."""
    from storebridge_catalog_sync.register import now_ms
    from storebridge_catalog_sync.status import resource_lines, runs_table
    from storebridge_shared.records.activity import ResourceQuery, run_summary, state_summary
    from storebridge_shared.store.client import open_database
    from storebridge_shared.store.register import latest_runs, resource_status

    query = ResourceQuery(arguments.sku, arguments.product, arguments.category)
    as_json = getattr(arguments, "json", False)
    async with open_database(settings, indexes=False) as db:
        if query.empty:
            runs, now = await latest_runs(db, arguments.limit), now_ms()
            lines = runs_table(runs, now)
            records = [run_summary(run, now) for run in runs]
        else:
            states = await resource_status(db, query)
            lines = resource_lines(query, states)
            records = [state_summary(state) for state in states]
    text = json.dumps(records, indent=2) if as_json else "\n".join(lines)
    print(text, file=out, flush=True)
    return 0
