"""`storebridge replay`: publish the stored events of a time window again."""

from __future__ import annotations

import argparse
import asyncio
from datetime import datetime
from typing import TYPE_CHECKING, Any

from storebridge_cli.manners import UNAVAILABLE, CommandError, confirm
from storebridge_cli.settings_help import settings_help
from storebridge_janitor.settings import ReplaySettings
from storebridge_shared.settings import load_settings

SETTINGS = (ReplaySettings,)

if TYPE_CHECKING:
    from storebridge_shared.broker.publishing import ConfirmedPublisher
    from storebridge_shared.store.event_maintenance import EventMaintenance

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
            "a duration ago: 30m, 6h, 7d. Refused: SINCE not before UNTIL, a STORE that is "
            "neither STORE_A_HASH, STORE_B_HASH nor the store of a stored event, a scope "
            "pattern matching no scope storebridge accepts. Asks before publishing (the count "
            "first) unless --yes."
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
    parser.add_argument("--yes", action="store_true", help="publish without asking first")
    parser.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    """Replay and print the counts (exit status: see `storebridge --help`)."""
    return asyncio.run(replay_window(load_settings(ReplaySettings), arguments))


def window_of(arguments: argparse.Namespace, now: datetime) -> tuple[datetime, datetime | None]:
    """[since, until) from the command line; CommandError when unreadable or inverted."""
    from storebridge_shared.events.replay import time_window

    try:
        return time_window(arguments.since, arguments.until, now)
    except ValueError as error:
        message = str(error).replace("since (", "--since (").replace("until (", "--until (")
        raise CommandError(message) from None


def check_scopes(patterns: list[str]) -> None:
    """CommandError naming the first pattern that matches no scope storebridge accepts."""
    from storebridge_shared.events.replay import unmatched_pattern

    pattern = unmatched_pattern(patterns)
    if pattern is not None:
        raise CommandError(
            f"--scope {pattern!r} matches no webhook scope (e.g. store/product/*, "
            "store/order/created, '*')"
        )


async def check_store(events: EventMaintenance, store_hash: str) -> None:
    """CommandError when `store_hash` is neither configured (STORE_A_HASH, STORE_B_HASH) nor the
    store of a stored event: a typo, or another system's store."""
    from storebridge_shared.settings import StoresSettings

    configured = load_settings(StoresSettings).store_hashes()
    if store_hash in configured or await events.has_store(store_hash):
        return
    known = ", ".join(sorted(configured | set(await events.stores()))) or "none"
    raise CommandError(
        f"unknown store {store_hash!r}: not configured and no event of it is stored "
        f"(known: {known})"
    )


async def replay_window(settings: ReplaySettings, arguments: argparse.Namespace) -> int:
    """Check the request, count the window's events, ask, publish them with confirms."""
    from storebridge_shared.broker.publishing import ConfirmedPublisher
    from storebridge_shared.broker.topology import Topology
    from storebridge_shared.events.envelope import utcnow
    from storebridge_shared.events.replay import replay, selected_scopes
    from storebridge_shared.store.client import open_database
    from storebridge_shared.store.event_maintenance import EventMaintenance

    now = utcnow()
    since, until = window_of(arguments, now)
    check_scopes(arguments.scope)
    span = f"{since.isoformat()} .. {until.isoformat() if until else 'now'}"
    publisher = ConfirmedPublisher(settings.amqp_url, Topology(settings.broker_namespace))
    try:
        async with open_database(settings, indexes=False) as db:
            events = EventMaintenance(db)
            await check_store(events, arguments.store)
            scopes = selected_scopes(arguments.scope)
            window = events.window(arguments.store, since, until, scopes)
            report = await replay(window, publisher, scopes=arguments.scope, dry_run=True)
            if not arguments.dry_run and report.total:
                question = f"republish {report.total} event(s) of {arguments.store} ({span})?"
                await asyncio.to_thread(confirm, question, arguments.yes)
                if not await _connected(publisher):
                    raise CommandError("RabbitMQ unreachable: nothing published", UNAVAILABLE)
                window = events.window(arguments.store, since, until, scopes)
                report = await replay(window, publisher, scopes=arguments.scope)
    finally:
        await publisher.close()
    for scope, count in sorted(report.found.items()):
        print(f"  {scope:40} {count}")
    verb = "would republish" if arguments.dry_run else "republished"
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
