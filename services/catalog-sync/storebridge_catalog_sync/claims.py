"""A held sync lease as the coordinator sees it (pure: no I/O; stored by `store/sync_state.py`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Claim:
    """A held lease and what was requested when it was read."""

    key: str
    kind: str
    resource_id: int
    requested: int
    events: tuple[str, ...]
