"""The overview's facts, each gathered on its own (one failing source fails only its section).

Reads through the same shared modules as the CLI and the janitor: event counts from
`EventMaintenance`, dead letters from `broker.dead_letters`, hooks from the BigCommerce client.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

from storebridge_console.facts import Backlog, Overview, Section
from storebridge_console.health import probe_all
from storebridge_console.hooks import StoreHooks, store_hooks
from storebridge_console.settings import ConsoleSettings
from storebridge_shared.bigcommerce import BigCommerceClient, resources
from storebridge_shared.broker.dead_letters import dead_letter_counts
from storebridge_shared.broker.topology import Topology
from storebridge_shared.hooks.plan import needed_scopes
from storebridge_shared.store.client import Database
from storebridge_shared.store.event_maintenance import EventMaintenance
from storebridge_shared.store.poll_runs import PollRuns

T = TypeVar("T")


async def _section(work: Awaitable[T]) -> Section[T]:
    try:
        return Section(await work)
    except Exception as error:
        return Section(error=failure_text(error))


def failure_text(error: BaseException) -> str:
    """`ErrorType: first line of the message` (at most 200 characters of it)."""
    text = str(error).splitlines()[0][:200] if str(error) else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


async def backlog(db: Database) -> Backlog:
    """Events by state and the oldest unprocessed event's arrival."""
    events = EventMaintenance(db)
    return Backlog(await events.count_by_status(), await events.oldest_unprocessed())


async def hooks_of_stores(settings: ConsoleSettings) -> list[StoreHooks]:
    """Every configured store's hooks, classified by state."""
    found = []
    for store in settings.stores():
        async with BigCommerceClient(store, api_url=settings.bigcommerce_api_url) as bc:
            hooks = await resources.list_hooks(bc)
        label = f"{store.name} ({store.store_hash})"
        needed = needed_scopes(
            catalog_source=settings.is_catalog_source(store),
            inventory=settings.needs_stock_hooks(),
            channels=settings.catalog_channel_ids(),
        )
        found.append(store_hooks(label, hooks, settings.broker_namespace, needed))
    return found


async def last_polls(settings: ConsoleSettings, db: Database) -> dict[str, int | None]:
    """Per configured store when its latest finished order poll started (None: never)."""
    polls = PollRuns(db)
    return {
        f"{store.name} ({store.store_hash})": await polls.last_started(store.store_hash)
        for store in settings.stores()
    }


async def gather_overview(settings: ConsoleSettings, db: Database) -> Overview:
    """Read every section concurrently."""
    topology = Topology(settings.broker_namespace)
    services, events, dead, hooks, polls = await asyncio.gather(
        probe_all(settings.service_urls()),
        _section(backlog(db)),
        _section(dead_letter_counts(settings.amqp_url, topology)),
        _section(hooks_of_stores(settings)),
        _section(last_polls(settings, db)),
    )
    return Overview(services, events, dead, hooks, polls)
