"""`storebridge broker teardown --namespace NS`: remove one namespace's queues and exchanges."""

from __future__ import annotations

import argparse
import asyncio
from typing import TYPE_CHECKING, Any

from storebridge_cli.manners import FAILED, CommandError, confirm
from storebridge_cli.settings_help import settings_help
from storebridge_shared.settings import BrokerSettings, load_settings

if TYPE_CHECKING:
    from storebridge_shared.broker.declaration import Inventory

SETTINGS = (BrokerSettings,)


def register(commands: Any) -> None:
    """Add the `broker` command group and its `teardown` action."""
    parser = commands.add_parser("broker", help="the RabbitMQ side: remove a namespace")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    teardown = actions.add_parser(
        "teardown",
        help="delete every queue and exchange of one namespace (asks first unless --yes)",
        description=(
            "Delete the queues (main, retry tiers, dead letters, with the messages in them) and "
            "the exchanges of namespace NS on the broker of AMQP_URL: what is left of a test, a "
            "trial or a retired deployment. Shows what exists first; refuses while a service "
            "still consumes one of the queues (stop it first)."
        ),
        epilog=settings_help(*SETTINGS),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    teardown.add_argument("--namespace", required=True, metavar="NS", help="the namespace")
    teardown.add_argument("--yes", action="store_true", help="delete without asking first")
    teardown.set_defaults(run=run_teardown)


def run_teardown(arguments: argparse.Namespace) -> int:
    """List, ask, delete; print what was deleted."""
    settings = load_settings(BrokerSettings, broker_namespace=arguments.namespace)
    return asyncio.run(teardown(settings, yes=arguments.yes))


def plan_lines(namespace: str, found: Inventory) -> list[str]:
    """What teardown would delete, one line each (pure)."""
    lines = [f"namespace {namespace}:"]
    for queue in found.queues:
        consumers = f", {queue.consumers} consumer(s)" if queue.consumers else ""
        lines.append(f"  queue     {queue.name}  {queue.messages} message(s){consumers}")
    lines += [f"  exchange  {name}" for name in found.exchanges]
    return lines


async def teardown(settings: BrokerSettings, *, yes: bool) -> int:
    """Delete the namespace's topology once confirmed; 0 also when nothing was there."""
    from storebridge_shared.broker.declaration import delete_at, inventory_at
    from storebridge_shared.broker.topology import Topology

    namespace = settings.broker_namespace
    topology = Topology(namespace)
    found = await inventory_at(settings.amqp_url, topology)
    if found.empty:
        print(f"storebridge broker: nothing of namespace {namespace} on this broker")
        return 0
    print("\n".join(plan_lines(namespace, found)))
    if busy := [queue.name for queue in found.queues if queue.consumers]:
        raise CommandError(f"still consumed: {', '.join(busy)}; stop its services", FAILED)
    messages = sum(queue.messages for queue in found.queues)
    question = (
        f"delete {len(found.queues)} queue(s) holding {messages} message(s) and "
        f"{len(found.exchanges)} exchange(s) of namespace {namespace}?"
    )
    await asyncio.to_thread(confirm, question, yes)
    await delete_at(settings.amqp_url, topology)
    print(f"storebridge broker: namespace {namespace} removed")
    return 0
