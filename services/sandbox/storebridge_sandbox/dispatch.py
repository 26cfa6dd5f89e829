"""Webhook delivery: envelope, matching hooks, asynchronous POSTs, retries and deactivation."""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
import uuid
from collections import defaultdict
from typing import Any

import aiohttp

from storebridge_sandbox.config import SandboxConfig
from storebridge_sandbox.domain.hooks import scope_matches
from storebridge_sandbox.signing import signed_headers
from storebridge_sandbox.state import Record
from storebridge_sandbox.store import Store
from storebridge_sandbox.timefmt import unix

MAX_RECORDED = 20000
RETRY_SCHEDULE_S = (60, 180, 300, 600, 900, 1800, 3600, 7200, 21600, 50400, 86400)


def envelope(store: Store, scope: str, data: Record) -> Record:
    """The delivered body; `hash` is shared by every duplicate of this one event."""
    created_at = unix()
    seed = {"scope": scope, "data": data, "created_at": created_at, "event": uuid.uuid4().hex}
    digest = hashlib.sha1(json.dumps(seed, sort_keys=True).encode()).hexdigest()
    return {
        "scope": scope,
        "store_id": store.config.store_id,
        "data": data,
        "hash": digest,
        "created_at": created_at,
        "producer": f"stores/{store.store_hash}",
    }


class Dispatcher:
    """Delivers events to active hooks in background tasks; never blocks the API answer."""

    def __init__(self, config: SandboxConfig) -> None:
        self._config = config
        self._session: aiohttp.ClientSession | None = None
        self._tasks: dict[str, set[asyncio.Task[None]]] = defaultdict(set)

    async def start(self) -> None:
        """Open the HTTP client."""
        timeout = aiohttp.ClientTimeout(total=self._config.webhook_timeout_s)
        self._session = aiohttp.ClientSession(timeout=timeout)

    async def close(self) -> None:
        """Cancel pending deliveries and close the HTTP client."""
        for store_hash in list(self._tasks):
            await self.cancel(store_hash)
        if self._session is not None:
            await self._session.close()

    async def cancel(self, store_hash: str) -> None:
        """Cancel the pending deliveries of one store (on reset)."""
        tasks = self._tasks.pop(store_hash, set())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def pending(self, store_hash: str) -> int:
        """How many deliveries of a store are still in flight or waiting to retry."""
        return len(self._tasks.get(store_hash, ()))

    def emit(self, store: Store, scope: str, data: Record, copies: int) -> None:
        """Queue one event to every active hook whose scope matches."""
        payload = envelope(store, scope, data)
        for hook in store.state.rows("hooks"):
            if hook["is_active"] and scope_matches(hook["scope"], scope):
                for _ in range(copies):
                    self._spawn(store, hook["id"], payload)

    def _spawn(self, store: Store, hook_id: int, payload: Record) -> None:
        task = asyncio.get_running_loop().create_task(self._deliver(store, hook_id, payload))
        tasks = self._tasks[store.store_hash]
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    async def _deliver(self, store: Store, hook_id: int, payload: Record) -> None:
        message_id = f"msg_{uuid.uuid4().hex}"
        body = json.dumps(payload).encode()
        if store.faults.drop_delivery():
            self._record(store, hook_id, payload, 0, outcome="dropped")
            return
        for attempt in range(len(RETRY_SCHEDULE_S) + 1):
            if attempt:
                await asyncio.sleep(
                    RETRY_SCHEDULE_S[attempt - 1] / self._config.webhook_time_compression
                )
            hook = store.state.table("hooks").get(hook_id)
            if hook is None or not hook["is_active"]:
                self._record(store, hook_id, payload, attempt, outcome="abandoned")
                return
            if await self._attempt(store, hook, payload, body, message_id, attempt):
                return
        self._deactivate(store, hook_id)

    async def _attempt(
        self,
        store: Store,
        hook: Record,
        payload: Record,
        body: bytes,
        message_id: str,
        attempt: int,
    ) -> bool:
        await asyncio.sleep(store.faults.delivery_delay_s())
        headers = {**(hook["headers"] or {}), "Content-Type": "application/json"}
        if store.config.signing_secret:
            headers |= signed_headers(store.config.signing_secret, message_id, unix(), body)
        started = time.monotonic()
        status: int | None = None
        error: str | None = None
        assert self._session is not None
        try:
            async with self._session.post(
                hook["destination"], data=body, headers=headers, allow_redirects=False
            ) as resp:
                status = resp.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            error = type(exc).__name__ + (f": {exc}" if str(exc) else "")
        ok = status is not None and 200 <= status < 300
        self._record(
            store,
            hook["id"],
            payload,
            attempt,
            outcome="delivered" if ok else "failed",
            status=status,
            error=error,
            destination=hook["destination"],
            headers=headers,
            duration_ms=round((time.monotonic() - started) * 1000, 1),
        )
        return ok

    def _deactivate(self, store: Store, hook_id: int) -> None:
        hook = store.state.table("hooks").get(hook_id)
        if hook is not None:
            hook.update(is_active=False, updated_at=unix())
            store.dirty = True
        store.stats.deliveries["hooks_deactivated"] += 1

    @staticmethod
    def _record(
        store: Store, hook_id: int, payload: Record, attempt: int, outcome: str, **extra: Any
    ) -> None:
        store.stats.deliveries[outcome] += 1
        store.delivery_seq += 1
        if len(store.deliveries) >= MAX_RECORDED:
            del store.deliveries[: MAX_RECORDED // 10]
        store.deliveries.append(
            {
                "seq": store.delivery_seq,
                "hook_id": hook_id,
                "scope": payload["scope"],
                "hash": payload["hash"],
                "attempt": attempt,
                "outcome": outcome,
                "at": time.time(),
                "payload": payload,
                **extra,
            }
        )
