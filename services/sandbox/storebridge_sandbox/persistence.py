"""Optional JSON state file: restored at start, saved shortly after changes and at shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
from collections.abc import AsyncIterator
from pathlib import Path

from aiohttp import web

from storebridge_sandbox.keys import SANDBOX
from storebridge_sandbox.state import StoreState
from storebridge_sandbox.store import Sandbox

SAVE_EVERY_S = 0.2


def restore(sandbox: Sandbox, path: Path) -> set[str]:
    """Load the stores found in the state file; return the hashes restored."""
    if not path.exists():
        return set()
    doc = json.loads(path.read_text(encoding="utf-8"))
    restored = set()
    for store_hash, data in doc.get("stores", {}).items():
        store = sandbox.stores.get(store_hash)
        if store is not None:
            store.state = StoreState.from_json(data, store_hash, store.config.store_id)
            restored.add(store_hash)
    return restored


def save(sandbox: Sandbox, path: Path) -> None:
    """Write every store's state atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(path.suffix + ".tmp")
    temp.write_text(json.dumps(sandbox.to_json()), encoding="utf-8")
    os.replace(temp, path)
    for store in sandbox.stores.values():
        store.dirty = False


async def _saver(sandbox: Sandbox, path: Path) -> None:
    while True:
        await asyncio.sleep(SAVE_EVERY_S)
        if any(store.dirty for store in sandbox.stores.values()):
            save(sandbox, path)


async def persistence_ctx(app: web.Application) -> AsyncIterator[None]:
    """cleanup_ctx: save dirty state in the background and once more at shutdown."""
    sandbox = app[SANDBOX]
    path = sandbox.config.state_file
    if path is None:
        yield
        return
    task = asyncio.create_task(_saver(sandbox, path))
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    save(sandbox, path)
