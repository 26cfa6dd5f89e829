"""Each command's `--help` lists exactly the settings of the class it reads, derived from it."""

from __future__ import annotations

import argparse

import pytest

from storebridge_catalog_sync.settings import (
    BackfillSettings,
    CatalogSyncSettings,
    ReconcileSettings,
    ResyncSettings,
)
from storebridge_cli.main import build_parser
from storebridge_cli.settings_help import every_setting
from storebridge_console.settings import ConsoleSettings
from storebridge_ingress.settings import HooksSettings, IngressSettings
from storebridge_janitor.settings import JanitorSettings, ReplaySettings
from storebridge_order_replicator.settings import OrderReplicatorSettings, OrderStatusSettings
from storebridge_shared.settings import BrokerSettings, MongoSettings, SettingsBase

SETTINGS_OF_COMMAND: dict[str, type[SettingsBase]] = {
    "ingress": IngressSettings,
    "catalog-sync": CatalogSyncSettings,
    "catalog-sync resync": ResyncSettings,
    "catalog-sync reconcile": ReconcileSettings,
    "catalog-sync rules": ResyncSettings,
    "order-replicator": OrderReplicatorSettings,
    "janitor": JanitorSettings,
    "console": ConsoleSettings,
    "hooks sync": HooksSettings,
    "backfill catalog": BackfillSettings,
    "status": MongoSettings,
    "status catalog": MongoSettings,
    "status orders": OrderStatusSettings,
    "replay": ReplaySettings,
    "events migrate": MongoSettings,
    "dlq list": BrokerSettings,
    "dlq show": BrokerSettings,
    "dlq requeue": BrokerSettings,
    "dlq purge": BrokerSettings,
    "broker teardown": BrokerSettings,
}
SETTINGS_HEADING = "settings (environment variables"


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> dict[str, str]:
    """Every (sub)command's name -> its epilog ('' when it has none)."""
    found = {" ".join(path): parser.epilog or ""} if path else {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found |= _commands(child, (*path, name))
    return found


def _listed(epilog: str) -> set[str]:
    """The variable names an epilog lists, one per indented line after the heading."""
    _, _, listing = epilog.partition(SETTINGS_HEADING)
    return {line.split()[0] for line in listing.splitlines()[1:] if line.startswith("  ")}


@pytest.mark.parametrize("command", sorted(SETTINGS_OF_COMMAND))
def test_given_a_command_when_its_help_is_shown_then_it_lists_exactly_its_class_settings(
    command: str,
) -> None:
    epilog = _commands(build_parser())[command]

    assert SETTINGS_HEADING in epilog
    assert _listed(epilog) == every_setting([SETTINGS_OF_COMMAND[command]])


def test_given_every_command_then_each_that_lists_settings_is_in_the_table() -> None:
    listing = {
        name for name, epilog in _commands(build_parser()).items() if SETTINGS_HEADING in epilog
    }

    assert listing == set(SETTINGS_OF_COMMAND)
