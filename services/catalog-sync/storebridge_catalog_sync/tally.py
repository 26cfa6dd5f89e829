"""Counts the API calls one sync makes, split into reads and writes."""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass
class Tally:
    """Reads and writes issued by one sync in one store (retries inside the client excluded)."""

    reads: int = 0
    writes: int = 0

    @property
    def calls(self) -> int:
        """Reads plus writes."""
        return self.reads + self.writes

    async def read(self, call: Awaitable[T]) -> T:
        """Await a read call and count it."""
        self.reads += 1
        return await call

    async def write(self, call: Awaitable[T]) -> T:
        """Await a write call and count it."""
        self.writes += 1
        return await call
