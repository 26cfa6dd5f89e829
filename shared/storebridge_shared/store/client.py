"""Open and close MongoDB (PyMongo's async API) in one place, with bounded timeouts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from pymongo import AsyncMongoClient, MongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import ConnectionFailure, PyMongoError

from storebridge_shared.settings import MongoSettings
from storebridge_shared.store.collections import ensure_indexes

Document = dict[str, Any]

Database = AsyncDatabase[Document]
"""The database handle callers pass around (no pymongo import needed there)."""

StoreError = PyMongoError
"""Any MongoDB failure, for callers that report it (no pymongo import needed there)."""

StoreUnavailable = ConnectionFailure
"""MongoDB could not be reached (server selection timed out, connection lost)."""


def make_client(
    uri: str, *, timeout_ms: int = 5000, max_pool_size: int = 100
) -> AsyncMongoClient[Document]:
    """A client with bounded server selection, so an outage fails fast instead of hanging."""
    return AsyncMongoClient(
        uri,
        maxPoolSize=max_pool_size,
        tz_aware=True,
        serverSelectionTimeoutMS=timeout_ms,
        connectTimeoutMS=timeout_ms,
        socketTimeoutMS=timeout_ms * 2,
        retryWrites=True,
        w="majority",
        journal=True,
    )


@asynccontextmanager
async def open_database(
    settings: MongoSettings, *, indexes: bool = True, max_pool_size: int = 100
) -> AsyncIterator[Database]:
    """Connect with MONGODB_TIMEOUT_MS, make sure the indexes exist (unless told not to: a
    read-only command, or a caller that retries them itself), yield the database, close on exit.

    `max_pool_size` bounds the client's connections (a background task's own small pool keeps
    its queries from taking the request path's connections).
    """
    client = make_client(
        settings.mongodb_uri, timeout_ms=settings.mongodb_timeout_ms, max_pool_size=max_pool_size
    )
    try:
        db = client[settings.mongodb_database]
        if indexes:
            await ensure_indexes(db)
        yield db
    finally:
        await client.close()


async def ping(db: Database) -> bool:
    """True when the server answers a ping."""
    try:
        await db.command("ping")
    except Exception:
        return False
    return True


def answers_ping(uri: str, *, timeout_ms: int = 300) -> bool:
    """True when a server at `uri` answers a ping within `timeout_ms` (blocking; for a launcher
    waiting for the server it started, before any event loop runs)."""
    try:
        probe: MongoClient[Document] = MongoClient(uri, serverSelectionTimeoutMS=timeout_ms)
        with probe:
            probe.admin.command("ping")
    except Exception:
        return False
    return True
