"""Webhook delivery: envelope, matching hooks, asynchronous POSTs, retries, the domain
blocklist, deactivation and `store/hook/deliveryException` notices."""

from __future__ import annotations

import asyncio
import hashlib
import json
import uuid
from collections import defaultdict

import aiohttp

from storebridge_sandbox.config import SandboxConfig
from storebridge_sandbox.delivery import post_delivery, record_attempt
from storebridge_sandbox.domain.hooks import EXCEPTION_SCOPE, scope_matches
from storebridge_sandbox.hook_health import HookHealth
from storebridge_sandbox.state import Record
from storebridge_sandbox.store import Store
from storebridge_sandbox.timefmt import unix

RETRY_SCHEDULE_S = (60, 180, 300, 600, 900, 1800, 3600, 7200, 21600, 50400, 86400)
WILL_RETRY, EXHAUSTED, BLOCKED = 90001, 90002, 90003


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
        self._health: dict[str, HookHealth] = {}

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
        """Cancel the pending deliveries of one store and forget its health (on reset)."""
        tasks = self._tasks.pop(store_hash, set())
        self._health.pop(store_hash, None)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def pending(self, store_hash: str) -> int:
        """How many deliveries of a store are still in flight or waiting to retry."""
        return len(self._tasks.get(store_hash, ()))

    def health(self, store_hash: str) -> HookHealth:
        """The delivery health (windows, blocked domains) of one store."""
        if store_hash not in self._health:
            compression = self._config.blocklist_time_compression
            self._health[store_hash] = HookHealth(
                compression or self._config.webhook_time_compression
            )
        return self._health[store_hash]

    def emit(self, store: Store, scope: str, data: Record, copies: int) -> None:
        """Queue one event to every active hook whose scope matches."""
        payload = envelope(store, scope, data)
        for hook in store.state.rows("hooks"):
            if hook["is_active"] and scope_matches(hook["scope"], scope):
                for _ in range(copies):
                    self._spawn(store, hook["id"], payload)

    def _notify(self, store: Store, failing: Record, code: int, message: str) -> None:
        """A deliveryException event to the failing hook's client's exception hook."""
        if failing["scope"] == EXCEPTION_SCOPE:
            return
        data = {"type": "webhook", "id": failing["id"], "error_code": code, "message": message}
        payload = envelope(store, EXCEPTION_SCOPE, data)
        wanted = (EXCEPTION_SCOPE, failing["client_id"], True)
        for hook in store.state.rows("hooks"):
            if (hook["scope"], hook["client_id"], hook["is_active"]) == wanted:
                self._spawn(store, hook["id"], payload)

    def _spawn(self, store: Store, hook_id: int, payload: Record) -> None:
        task = asyncio.get_running_loop().create_task(self._deliver(store, hook_id, payload))
        tasks = self._tasks[store.store_hash]
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    async def _deliver(self, store: Store, hook_id: int, payload: Record) -> None:
        message = (f"msg_{uuid.uuid4().hex}", json.dumps(payload).encode())
        if store.faults.drop_delivery():
            record_attempt(store, hook_id, payload, 0, outcome="dropped")
            return
        for attempt in range(len(RETRY_SCHEDULE_S) + 1):
            if attempt:
                await asyncio.sleep(
                    RETRY_SCHEDULE_S[attempt - 1] / self._config.webhook_time_compression
                )
            hook = store.state.table("hooks").get(hook_id)
            if hook is None or not hook["is_active"]:
                record_attempt(store, hook_id, payload, attempt, outcome="abandoned")
                return
            if await self._try(store, hook, payload, message, attempt):
                return
        self._deactivate(store, hook_id)

    async def _try(
        self, store: Store, hook: Record, payload: Record, message: tuple[str, bytes], attempt: int
    ) -> bool:
        """One slot of the schedule: deferred while the domain is blocked, else one POST."""
        health, destination = self.health(store.store_hash), hook["destination"]
        if health.blocked(hook["client_id"], destination):
            record_attempt(store, hook["id"], payload, attempt, "deferred", destination=destination)
            if health.block_notice_due(hook["client_id"], destination, hook["id"]):
                text = f"The domain of {destination} is temporarily blocked; will retry later"
                self._notify(store, hook, BLOCKED, text)
            return False
        await asyncio.sleep(store.faults.delivery_delay_s())
        assert self._session is not None
        failure = await post_delivery(self._session, store, hook, payload, message, attempt)
        health.record(hook["client_id"], destination, failure)
        last = attempt == len(RETRY_SCHEDULE_S)
        if failure is not None and not last and health.retry_notice_due(destination):
            text = f"{failure} received when delivering to {destination}, will retry"
            self._notify(store, hook, WILL_RETRY, text)
        return failure is None

    def _deactivate(self, store: Store, hook_id: int) -> None:
        hook = store.state.table("hooks").get(hook_id)
        if hook is not None and hook["is_active"]:
            hook.update(is_active=False, updated_at=unix())
            store.state.table("hook_deactivations")[hook_id] = {"id": hook_id, "at": unix()}
            store.dirty = True
            text = f"All attempts to deliver to {hook['destination']} failed; the hook is disabled"
            self._notify(store, hook, EXHAUSTED, text)
            store.stats.deliveries["hooks_deactivated"] += 1
