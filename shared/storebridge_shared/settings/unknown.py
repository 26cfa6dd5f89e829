"""Variables that look like storebridge settings but are not: one warning line each at start-up.

Settings ignore variables they do not know, so a typo (`ORDER_PII_FIELDS` for
`ORDER_DROP_FIELDS`) would silently turn a setting off. A variable of the environment or the
`.env` file that starts with one of our prefixes and names no setting of any service is
reported with the closest known name (difflib). Every service's settings module is declared in
the `storebridge.settings` entry-point group, so each process knows every service's settings
(a shared `.env` is not reported as unknown by the service that does not read a variable).
"""

from __future__ import annotations

import difflib
import importlib.metadata
import os
import sys
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from dotenv import dotenv_values

from storebridge_shared.settings.base import SettingsBase, env_names

OUR_PREFIXES = (
    "ALERT_",
    "AMQP_",
    "APP_URL",
    "BIGCOMMERCE_",
    "BROKER_",
    "CATALOG_",
    "CLEAN_",
    "CONSOLE_",
    "CONSUMER_",
    "EVENT_",
    "INGRESS_",
    "JANITOR_",
    "LOG_",
    "MONGODB_",
    "OPS_",
    "ORDER_",
    "PURGE_",
    "REGISTER_HOOKS",
    "RELAY_",
    "SANDBOX_",
    "SHUTDOWN_",
    "SMTP_",
    "STORE_",
    "STUCK_",
    "SYNC_",
    "WEBHOOK_",
)
"""Beginnings of our variable names: a variable starting so is expected to be a setting."""

ALSO_READ = frozenset({"SANDBOX_PORT"})
"""Variables of ours that are not settings of a service (`make run` reads SANDBOX_PORT)."""

ENTRY_POINT_GROUP = "storebridge.settings"
"""Entry points naming each service's settings module (see pyproject.toml)."""


@dataclass(frozen=True)
class UnknownVariable:
    """A variable that looks like one of ours, and the known setting closest to it."""

    name: str
    closest: str | None

    def warning(self) -> str:
        """The one line printed at start-up."""
        hint = f"; did you mean {self.closest}?" if self.closest else ""
        return f"storebridge: warning: {self.name} is not a storebridge setting (ignored){hint}"


def unknown_variables(
    present: Iterable[str], known: Collection[str], prefixes: tuple[str, ...] = OUR_PREFIXES
) -> list[UnknownVariable]:
    """The variables among `present` that start like ours and are not `known` (pure)."""
    known_names = sorted({name.upper() for name in known} | ALSO_READ)
    found = []
    for name in sorted({name.upper() for name in present}):
        if name in known_names or not name.startswith(prefixes):
            continue
        found.append(UnknownVariable(name, closest(name, known_names)))
    return found


def closest(name: str, candidates: list[str]) -> str | None:
    """The candidate most like `name` (difflib; ties go to the longest common beginning)."""
    close = difflib.get_close_matches(name, candidates, n=5, cutoff=0.6)
    if not close:
        return None
    return max(close, key=lambda c: (_likeness(name, c), _common_beginning(name, c)))


def _likeness(name: str, candidate: str) -> float:
    return difflib.SequenceMatcher(None, name, candidate).ratio()


def _common_beginning(name: str, candidate: str) -> int:
    pairs = enumerate(zip(name, candidate, strict=False))
    return next((i for i, (a, b) in pairs if a != b), min(len(name), len(candidate)))


def known_variables() -> set[str]:
    """Every variable any storebridge settings class reads, deprecated names included."""
    for entry_point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        try:
            entry_point.load()
        except ImportError:  # a service left out of this install: its names stay unknown
            continue
    return {
        variable
        for settings_class in _subclasses(SettingsBase)
        for name, field in settings_class.model_fields.items()
        for variable in env_names(name, field)
    }


def present_variables(environ: Mapping[str, str], env_file: object) -> set[str]:
    """Names set in the environment and in the `.env` files the settings read (if any)."""
    names = set(environ)
    files = env_file if isinstance(env_file, tuple | list) else (env_file,)
    for path in files:
        if isinstance(path, str | Path) and Path(path).is_file():
            names |= set(dotenv_values(path))
    return names


def warn_unknown(
    env_file: object, warn: Callable[[str], None] | None = None
) -> list[UnknownVariable]:
    """Print one warning line per unknown variable on stderr (or hand it to `warn`)."""
    found = unknown_variables(present_variables(os.environ, env_file), known_variables())
    for variable in found:
        (warn or _to_stderr)(variable.warning())
    return found


def _to_stderr(line: str) -> None:
    print(line, file=sys.stderr)


def _subclasses(cls: type[SettingsBase]) -> set[type[SettingsBase]]:
    found: set[type[SettingsBase]] = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found
