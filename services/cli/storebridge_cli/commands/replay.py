"""`storebridge replay`: publish the stored events of a time window again."""

from __future__ import annotations

import argparse
import asyncio
from typing import TYPE_CHECKING, Any

from storebridge_cli.settings_help import settings_help
from storebridge_janitor.settings import ReplaySettings
from storebridge_shared.settings import load_settings

SETTINGS = (ReplaySettings,)

if TYPE_CHECKING:
    from storebridge_shared.broker.publishing import ConfirmedPublisher

CONNECT_TIMEOUT_SECS = 15.0


def register(commands: Any) -> None:
    """Add the `replay` command."""
    parser = commands.add_parser(
        "replay",
        help="republish stored events of a time window (consumers are idempotent)",
        description=(
            "Publish again every stored event of STORE whose scope matches and that was received "
            "in [SINCE, UNTIL). Each consuming service bound to the scope gets it again and, being "
            "idempotent, only does what it had not done. Times: ISO 8601 (UTC if no offset) or "
            "a duration ago: 30m, 6h, 7d."
        ),
        epilog=settings_help(*SETTINGS),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--store", required=True, help="store hash")
    parser.add_argument(
        "--scope",
        required=True,
        action="append",
        help="webhook scope or pattern (store/product/*, '*'); repeatable",
    )
    parser.add_argument("--since", required=True, help="start of the window (inclusive)")
    parser.add_argument("--until", help="end of the window (exclusive); default now")
    parser.add_argument("--dry-run", action="store_true", help="count only, publish nothing")
    parser.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    """Replay and print the counts; exit 1 when the broker could not be reached."""
    return asyncio.run(replay_window(load_settings(ReplaySettings), arguments))


async def replay_window(settings: ReplaySettings, arguments: argparse.Namespace) -> int:
    """Find the window's events, publish them with confirms, print one line per scope."""
    from storebridge_janitor.replay import parse_time, replay
    from storebridge_shared.broker.publishing import ConfirmedPublisher
    from storebridge_shared.broker.topology import Topology
    from storebridge_shared.events.envelope import utcnow
    from storebridge_shared.store.client import open_database
    from storebridge_shared.store.event_maintenance import EventMaintenance

    now = utcnow()
    since = parse_time(arguments.since, now)
    until = parse_time(arguments.until, now) if arguments.until else None
    publisher = ConfirmedPublisher(settings.amqp_url, Topology(settings.broker_namespace))
    try:
        if not arguments.dry_run and not await _connected(publisher):
            print("storebridge replay: broker unreachable, nothing published")
            return 1
        async with open_database(settings, indexes=False) as db:
            window = EventMaintenance(db).window(arguments.store, since, until)
            report = await replay(
                window, publisher, scopes=arguments.scope, dry_run=arguments.dry_run
            )
    finally:
        await publisher.close()
    for scope, count in sorted(report.found.items()):
        print(f"  {scope:40} {count}")
    verb = "would republish" if arguments.dry_run else "republished"
    span = f"{since.isoformat()} .. {until.isoformat() if until else 'now'}"
    print(f"storebridge replay: {verb} {report.total} event(s) of {arguments.store} ({span})")
    return 0


async def _connected(publisher: ConfirmedPublisher) -> bool:
    """Start the publisher; True once it connected within CONNECT_TIMEOUT_SECS."""
    await publisher.start()
    try:
        await asyncio.wait_for(publisher.connected.wait(), CONNECT_TIMEOUT_SECS)
    except TimeoutError:
        return False
    return True
