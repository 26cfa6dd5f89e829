"""Named leases in MongoDB: at most one holder at a time, taken over only after it expired.

One document per lease: `{_id: name, owner, expires_at_ms}`. The expiry is an epoch-millisecond
integer (the stand-in stores `$set` datetimes as strings), and a holder is chosen by one
conditional single-document update, so no transaction is needed.
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
import uuid
from collections.abc import Callable
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError, PyMongoError

from storebridge_shared.store.collections import LEASES

Clock = Callable[[], int]


_OWNERS_HERE: set[str] = set()
"""Every `owner_id()` this process made: its identity, like its pid (no connection, no I/O)."""


def owner_id() -> str:
    """Who holds a lease: host, process and a random suffix (two holders never share one)."""
    owner = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    _OWNERS_HERE.add(owner)
    return owner


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def holder_gone(
    holder: str,
    *,
    host: str | None = None,
    pid: int | None = None,
    here: set[str] | None = None,
    pid_alive: Callable[[int], bool] = _pid_alive,
) -> bool:
    """Whether a lease's holder (`owner_id()`, optionally `/attempt`) was a process of this host
    that no longer runs: one whose pid is gone, or a previous run with our own pid (a container's
    restart reuses it) that this process never made. A holder of another host is never judged
    gone: its lease expires. `host`, `pid` and `here` default to this process's."""
    owner = holder.split("/", 1)[0]
    parts = owner.rsplit("-", 2)
    if len(parts) != 3 or not parts[1].isdigit() or parts[0] != (host or socket.gethostname()):
        return False
    if int(parts[1]) == (pid if pid is not None else os.getpid()):
        return owner not in (here if here is not None else _OWNERS_HERE)
    return not pid_alive(int(parts[1]))


def epoch_ms() -> int:
    """Wall-clock now in epoch milliseconds."""
    return int(time.time() * 1000)


class Lease:
    """A lease named `name` that `owner` acquires, renews and releases."""

    def __init__(
        self,
        db: AsyncDatabase[dict[str, Any]],
        name: str,
        owner: str,
        *,
        ttl_secs: float,
        clock: Clock = epoch_ms,
    ) -> None:
        self._leases = db[LEASES]
        self.name = name
        self.owner = owner
        self._ttl_ms = int(ttl_secs * 1000)
        self._clock = clock

    async def acquire(self) -> bool:
        """Take the lease if it is free, expired or already ours; extend it; True if held."""
        await self._ensure_exists()
        now = self._clock()
        taken = await self._leases.find_one_and_update(
            {
                "_id": self.name,
                "$or": [{"owner": self.owner}, {"expires_at_ms": {"$lt": now}}],
            },
            {"$set": {"owner": self.owner, "expires_at_ms": now + self._ttl_ms}},
        )
        return taken is not None

    async def renew(self) -> bool:
        """Extend the lease while we hold it; False when another owner took it over."""
        return await self.acquire()

    async def release(self) -> None:
        """Give the lease up at once (graceful shutdown), if we still hold it."""
        await self._leases.update_one(
            {"_id": self.name, "owner": self.owner}, {"$set": {"expires_at_ms": 0}}
        )

    async def try_release(self) -> str:
        """Release; "" when done, else why not (MongoDB gone: the lease then expires by itself)."""
        try:
            await self.release()
        except PyMongoError as error:
            return str(error)[:200]
        return ""

    async def holder(self) -> tuple[str, int] | None:
        """Current owner and expiry (epoch ms), or None if never taken."""
        document = await self._leases.find_one({"_id": self.name})
        if document is None or not document.get("owner"):
            return None
        return str(document["owner"]), int(document["expires_at_ms"])

    async def _ensure_exists(self) -> None:
        # upsert + $setOnInsert through update_one: find_one_and_update(upsert=True) ignores
        # $setOnInsert on the stand-in. Two racing upserts may collide on _id: that is fine.
        with contextlib.suppress(DuplicateKeyError):
            await self._leases.update_one(
                {"_id": self.name},
                {"$setOnInsert": {"owner": "", "expires_at_ms": 0}},
                upsert=True,
            )
