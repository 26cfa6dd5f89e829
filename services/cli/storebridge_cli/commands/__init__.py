"""One module per `storebridge` subcommand; each exposes `register(commands)`.

A command module adds its parser to the subparsers it is given and sets `run`, a callable taking
the parsed arguments and returning the exit status. `SETTINGS` names the settings classes the
command reads; its `--help` list is derived from them. Apart from those light settings modules
(pydantic only), service code is imported inside `run`, so `storebridge --help` stays fast.
"""

from __future__ import annotations

from storebridge_cli.commands import (
    backfill,
    broker,
    completion,
    dlq,
    events,
    hooks,
    replay,
    sandbox,
    services,
    status,
    status_orders,
)
from storebridge_shared.settings import SettingsBase

REGISTRY = (
    services,
    hooks,
    sandbox,
    backfill,
    status,
    status_orders,
    replay,
    events,
    dlq,
    broker,
    completion,
)
"""Every command module, in the order `storebridge --help` lists them."""


def settings_classes() -> list[type[SettingsBase]]:
    """Every settings class a command reads; together they hold every storebridge setting."""
    found = (cls for module in REGISTRY for cls in getattr(module, "SETTINGS", ()))
    return list(dict.fromkeys(found))
