"""Failed console logins per client address, shared by every console replica and restart.

One document per failure: the client, when (`at_ms`, epoch milliseconds, what the throttle
compares), and `at` (a datetime written by the insert, what the TTL index `expire` reads to
remove it once it can no longer count). The throttle's read is the client's latest failures
since the window's start, newest first and at most as many as it needs (index
`client_latest_first`); the `$eq` form is the one the stand-in answers from an index
(`forms.py`). Every read is bounded by `at_ms`, so a failure the TTL monitor has not removed yet
(it runs about once a minute on MongoDB) never counts past the window.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pymongo import DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

from storebridge_shared.store.collections import LOGIN_FAILURES
from storebridge_shared.store.forms import equals


class LoginFailures:
    """Record, read and forget the failed logins of a client."""

    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self._failures = db[LOGIN_FAILURES]

    async def add(self, client: str, at: float) -> None:
        """Count one failed login of `client` at `at` (epoch seconds)."""
        when = datetime.fromtimestamp(at, UTC)
        await self._failures.insert_one({"client": client, "at_ms": int(at * 1000), "at": when})

    async def recent(self, client: str, since: float, limit: int) -> list[float]:
        """The latest `limit` failures of `client` after `since` (epoch seconds), newest first."""
        cursor = (
            self._failures.find(
                {"client": equals(client), "at_ms": {"$gt": int(since * 1000)}},
                projection={"at_ms": 1, "_id": 0},
            )
            .sort("at_ms", DESCENDING)
            .limit(limit)
        )
        return [int(document["at_ms"]) / 1000 async for document in cursor]

    async def forget(self, client: str) -> None:
        """Drop every failure of `client` (it logged in)."""
        await self._failures.delete_many({"client": equals(client)})
