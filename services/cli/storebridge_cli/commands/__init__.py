"""One module per `storebridge` subcommand; each exposes `register(commands)`.

A command module adds its parser to the subparsers it is given and sets `run`, a callable taking
the parsed arguments and returning the exit status. Imports of service code happen inside `run`,
so `storebridge --help` stays fast and a command never imports another service.
"""

from __future__ import annotations

from storebridge_cli.commands import (
    backfill,
    catalog_sync,
    dlq,
    hooks,
    ingress,
    janitor,
    order_replicator,
    planned,
    replay,
    sandbox,
    status,
    status_orders,
)

REGISTRY = (
    ingress,
    hooks,
    sandbox,
    catalog_sync,
    order_replicator,
    backfill,
    status,
    status_orders,
    planned,
    janitor,
    replay,
    dlq,
)
"""Every command module, in the order `storebridge --help` lists them."""
