"""`storebridge ingress|catalog-sync|order-replicator|janitor|console`: run one service.

One runner for the five: each service is a row (name, text, settings class, entry point). Its
settings are loaded (and validated) before the entry point is imported, so a bad setting stops
with one line and `storebridge --help` never imports a service.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from storebridge_catalog_sync.settings import CatalogSyncSettings
from storebridge_cli.commands import catalog_sync
from storebridge_cli.commands.catalog_sync import add_resync
from storebridge_cli.settings_help import settings_help
from storebridge_console.settings import ConsoleSettings
from storebridge_ingress.settings import IngressSettings
from storebridge_janitor.settings import JanitorSettings
from storebridge_order_replicator.settings import OrderReplicatorSettings
from storebridge_shared.settings import SettingsBase, load_settings


@dataclass(frozen=True)
class Service:
    """One runnable service: its command, texts, settings and `module:function` entry point."""

    name: str
    summary: str
    description: str
    settings: type[SettingsBase]
    entry: str
    extend: Callable[[argparse.ArgumentParser], None] | None = None


SERVICES = (
    Service(
        "ingress",
        "run the webhook ingress (aiohttp)",
        "Receive BigCommerce webhooks; answer 200 once each is stored and published.",
        IngressSettings,
        "storebridge_ingress.server:serve",
    ),
    Service(
        "catalog-sync",
        "run the catalog-sync service (store A to the destination stores)",
        "Consume product, SKU and category events of store A and make every destination "
        "(store B, or CATALOG_DESTINATIONS_FILE) hold the same catalog: matched by SKU, "
        "only differences written, one sync at a time per product across replicas. "
        "Runs until SIGTERM. `catalog-sync resync` forces a re-sync (e.g. after a listing "
        "change, for which BigCommerce sends no webhook).",
        CatalogSyncSettings,
        "storebridge_catalog_sync.app:main",
        extend=add_resync,
    ),
    Service(
        "order-replicator",
        "run the order replicator (orders into MongoDB, status moved on once)",
        "Consume order and cart events: store each order (with its products, shipping "
        "addresses and coupons) once in MongoDB, move its status to Awaiting Shipment or "
        "Awaiting Pickup once, and publish order.replicated. Every "
        "ORDER_POLL_INTERVAL_MINUTES poll the stores for orders the webhooks missed. "
        "Safe to run in several replicas. Runs until SIGTERM.",
        OrderReplicatorSettings,
        "storebridge_order_replicator.app:main",
    ),
    Service(
        "janitor",
        "run the janitor (purge, re-drive, stuck-event alerts, metrics)",
        "Every CLEAN_PERIOD_IN_HOURS delete processed events older than "
        "EVENT_RETENTION_HOURS in small batches; every JANITOR_INTERVAL_SECS publish events "
        "that were stored but never published and report published events nobody processed. "
        "Only the holder of the MongoDB lease acts, so running two is safe. Runs until SIGTERM.",
        JanitorSettings,
        "storebridge_janitor.app:main",
    ),
    Service(
        "console",
        "run the operator console (web pages: overview, runs, dead letters, events)",
        "Serve the operators' web pages on CONSOLE_HOST:CONSOLE_PORT (127.0.0.1:8090 by "
        "default): service health, event backlog, dead letters and hooks, behind a login "
        "with CONSOLE_PASSWORD; every action is a confirmed POST with a CSRF token. Reads the "
        "same MongoDB, RabbitMQ and BigCommerce stores as the CLI. Runs until SIGTERM.",
        ConsoleSettings,
        "storebridge_console.server:serve",
    ),
)

SETTINGS = (*(service.settings for service in SERVICES), *catalog_sync.SETTINGS)


def register(commands: Any) -> None:
    """Add one command per service."""
    for service in SERVICES:
        parser = commands.add_parser(
            service.name,
            help=service.summary,
            description=service.description,
            epilog=settings_help(service.settings),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        parser.set_defaults(run=_runner(service))
        if service.extend is not None:
            service.extend(parser)


def _runner(service: Service) -> Callable[[argparse.Namespace], int]:
    def run(_: argparse.Namespace) -> int:
        settings = load_settings(service.settings)
        module, function = service.entry.split(":")
        getattr(importlib.import_module(module), function)(settings)
        return 0

    return run
