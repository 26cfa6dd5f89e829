"""The facts the pages show, as read (plain records; no I/O)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from storebridge_console.hooks import StoreHooks

T = TypeVar("T")


@dataclass(frozen=True)
class Section(Generic[T]):
    """A value, or why it could not be read."""

    value: T | None = None
    error: str = ""


@dataclass(frozen=True)
class ServiceHealth:
    """One service: ready, not ready (with the failing checks) or not answering."""

    name: str
    url: str
    ready: bool
    detail: str


@dataclass(frozen=True)
class Backlog:
    """Events by state and when the oldest unprocessed one arrived."""

    by_status: Mapping[str, int]
    oldest_unprocessed: datetime | None


@dataclass(frozen=True)
class Overview:
    """Everything the overview page shows."""

    services: list[ServiceHealth]
    backlog: Section[Backlog]
    dead_letters: Section[dict[str, int]]
    hooks: Section[list[StoreHooks]]
    last_polls: Section[dict[str, int | None]]
    """Per configured store (`name (hash)`) when its latest order poll started (epoch ms)."""
