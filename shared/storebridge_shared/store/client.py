"""Open and close the MongoDB client (PyMongo's async API) in one place."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from storebridge_shared.store.collections import ensure_indexes

Document = dict[str, Any]

Database = AsyncDatabase[Document]
"""The database handle callers pass around (no pymongo import needed there)."""


def make_client(uri: str, *, timeout_ms: int = 5000) -> AsyncMongoClient[Document]:
    """A client with bounded server selection, so an outage fails fast instead of hanging."""
    return AsyncMongoClient(
        uri,
        tz_aware=True,
        serverSelectionTimeoutMS=timeout_ms,
        connectTimeoutMS=timeout_ms,
        socketTimeoutMS=timeout_ms * 2,
        retryWrites=True,
        w="majority",
        journal=True,
    )


@asynccontextmanager
async def open_database(uri: str, database: str) -> AsyncIterator[AsyncDatabase[Document]]:
    """Connect, make sure the indexes exist, yield the database, and close on exit."""
    client = make_client(uri)
    try:
        db = client[database]
        await ensure_indexes(db)
        yield db
    finally:
        await client.close()


async def ping(db: AsyncDatabase[Document]) -> bool:
    """True when the server answers a ping."""
    try:
        await db.command("ping")
    except Exception:
        return False
    return True
