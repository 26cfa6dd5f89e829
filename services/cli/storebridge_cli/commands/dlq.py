"""`storebridge dlq list|show|requeue|purge`: the dead-letter queues, for operators."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from storebridge_cli.manners import FAILED, confirm
from storebridge_cli.settings_help import settings_help
from storebridge_shared.broker.topology import SERVICE_BINDINGS
from storebridge_shared.settings import BrokerSettings, load_settings

SETTINGS = (BrokerSettings,)

ACTIONS = {
    "list": "peek at the dead letters (left in the queue) with their reasons",
    "show": "one dead letter (--id) with every header and its body",
    "requeue": "send dead letters (all, or --id) back to the service after a fix",
    "purge": "drop dead letters (all, or --id); asks first unless --yes",
}


def register(commands: Any) -> None:
    """Add the `dlq` command group."""
    parser = commands.add_parser("dlq", help="inspect, requeue or purge a dead-letter queue")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    for action, summary in ACTIONS.items():
        sub = actions.add_parser(
            action,
            help=summary,
            description=summary,
            epilog=settings_help(*SETTINGS),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.add_argument("--service", required=True, choices=sorted(SERVICE_BINDINGS))
        sub.add_argument("--id", dest="event_id", help="one event id", required=action == "show")
        sub.add_argument("--limit", type=int, default=None, help="at most N messages")
        if action == "purge":
            sub.add_argument("--yes", action="store_true", help="drop without asking first")
        sub.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    """Run the action and print its result."""
    return asyncio.run(act(load_settings(BrokerSettings), arguments))


async def act(settings: BrokerSettings, arguments: argparse.Namespace) -> int:
    """Open the service's dead-letter queue and do one action on it."""
    from storebridge_shared.broker.dead_letters import dead_letter_queue
    from storebridge_shared.broker.topology import Topology

    topology = Topology(settings.broker_namespace)
    async with dead_letter_queue(settings.amqp_url, topology, arguments.service) as dlq:
        if arguments.action == "list":
            waiting = await dlq.count()
            messages = await dlq.peek(arguments.limit or 100)
            for m in messages:
                size = f"{len(m.body)} bytes"
                print(
                    f"{m.event_id}  {m.routing_key}  attempts={m.attempts}  {m.failed_at}  {size}"
                )
                print(f"    {m.reason}")
            print(f"{dlq.name}: {len(messages)} shown, {waiting} waiting")
        elif arguments.action == "show":
            found = await dlq.show(arguments.event_id)
            if found is None:
                print(f"storebridge dlq: {arguments.event_id}: not in {dlq.name}", file=sys.stderr)
                return FAILED
            print(found.shown())
        elif arguments.action == "requeue":
            count = await dlq.requeue(arguments.event_id, arguments.limit)
            print(f"{dlq.name}: {count} message(s) sent back to the service")
        else:
            what = arguments.event_id or f"all {await dlq.count()} dead letter(s)"
            await asyncio.to_thread(confirm, f"drop {what} from {dlq.name}?", arguments.yes)
            count = await dlq.purge(arguments.event_id)
            print(f"{dlq.name}: {count} message(s) dropped")
    return 0
