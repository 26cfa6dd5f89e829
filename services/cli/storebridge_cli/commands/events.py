"""`storebridge events migrate`: fill the lookup fields of events stored before they existed."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from typing import TYPE_CHECKING, Any

from storebridge_cli.settings_help import settings_help
from storebridge_shared.settings import MongoSettings, load_settings

if TYPE_CHECKING:
    from storebridge_janitor.event_keys import Filled

SETTINGS = (MongoSettings,)
PROGRESS_EVERY = 50
"""Batches between two progress lines (on standard error)."""


def _duty_cycle(text: str) -> float:
    value = float(text)
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError("must be in (0, 1]")
    return value


def _batch(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 1000:
        raise argparse.ArgumentTypeError("must be 1..1000")
    return value


def register(commands: Any) -> None:
    """Add the `events` command group and its `migrate` action."""
    parser = commands.add_parser("events", help="the event log: fill fields old events lack")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    migrate = actions.add_parser(
        "migrate",
        help="give events stored before `subject` and `received_ms` existed both fields",
        description=(
            "Events stored before the event log kept `subject` and `received_ms` are found by "
            "no resource page and in no time window (event-log search, replay). Fill both from "
            "each event's own envelope, as the ingress computes them for a new event, in "
            "batches paced by a duty cycle (MongoDB busy at most that share of the time, so "
            "the ingress keeps its latency). Idempotent and resumable: stop it any time, run "
            "it again. The janitor runs the same at start-up, in the background."
        ),
        epilog=settings_help(*SETTINGS),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    migrate.add_argument("--dry-run", action="store_true", help="count only, write nothing")
    migrate.add_argument(
        "--duty-cycle",
        type=_duty_cycle,
        default=0.1,
        metavar="D",
        help="share of the time it may keep MongoDB busy (default 0.1, as the purge's)",
    )
    migrate.add_argument(
        "--batch", type=_batch, default=None, metavar="N", help="events per batch (default 100)"
    )
    migrate.set_defaults(run=run_migrate)


def run_migrate(arguments: argparse.Namespace) -> int:
    """Count, then fill (unless --dry-run); print what was done."""
    return asyncio.run(migrate(load_settings(MongoSettings), arguments))


def _progress(report: Filled) -> None:
    if report.batches % PROGRESS_EVERY == 0:
        print(f"  ... {report.filled} event(s) filled", file=sys.stderr, flush=True)


async def migrate(settings: MongoSettings, arguments: argparse.Namespace) -> int:
    """The command's work: counts before, the paced fill, the figures after."""
    from storebridge_janitor.event_keys import BATCH, fill_event_keys
    from storebridge_janitor.purge import Pacing
    from storebridge_shared.store.client import open_database
    from storebridge_shared.store.event_keys import EventKeys

    async with open_database(settings, indexes=False) as db:
        keys = EventKeys(db)
        lacking = await keys.count_lacking()
        print(
            f"events without subject: {lacking['subject']}, "
            f"without received_ms: {lacking['received_ms']}"
        )
        if arguments.dry_run:
            print("storebridge events migrate: dry run, nothing written")
            return 0
        pacing = Pacing(arguments.batch or BATCH, arguments.duty_cycle)
        started = time.perf_counter()
        report = await fill_event_keys(keys, pacing, on_batch=_progress)
        secs = time.perf_counter() - started
    unreadable = f", {report.unreadable} unreadable (marked, found by nothing)"
    print(
        f"storebridge events migrate: filled {report.filled} event(s)"
        f"{unreadable if report.unreadable else ''} in {secs:.1f} s "
        f"(duty cycle {arguments.duty_cycle})"
    )
    return 0 if report.finished else 1
