"""One simulated store at run time, and the registry of every store the sandbox serves."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from storebridge_sandbox.config import SandboxConfig, StoreConfig
from storebridge_sandbox.errors import ApiError
from storebridge_sandbox.faults import FaultInjector
from storebridge_sandbox.late_writes import LateWrites
from storebridge_sandbox.pauses import Pauses
from storebridge_sandbox.ratelimit import RateLimiter
from storebridge_sandbox.state import Record, StoreState
from storebridge_sandbox.stats import Stats

Emitter = Callable[["Store", str, Record, int], None]


@dataclass
class Store:
    """State, counters, faults and the webhook emitter of one store."""

    config: StoreConfig
    state: StoreState
    limiter: RateLimiter
    faults: FaultInjector
    stats: Stats = field(default_factory=Stats)
    deliveries: list[Record] = field(default_factory=list)
    late_writes: LateWrites = field(default_factory=LateWrites)
    pauses: Pauses = field(default_factory=Pauses)
    emitter: Emitter | None = None
    silent: bool = False
    dirty: bool = False
    delivery_seq: int = 0

    @property
    def store_hash(self) -> str:
        """The store hash."""
        return self.config.store_hash

    def emit(self, scope: str, data: Record, copies: int = 1) -> None:
        """Raise a webhook event (delivered `copies` times with one hash) unless silenced."""
        self.dirty = True
        if not self.silent and self.emitter is not None:
            self.emitter(self, scope, data, copies)

    @contextmanager
    def silenced(self) -> Iterator[None]:
        """Fire no webhooks inside the block (fixture loading)."""
        previous, self.silent = self.silent, True
        try:
            yield
        finally:
            self.silent = previous

    def client_id(self, token: str) -> str | None:
        """The client id of an access token of this store, None when the token is unknown."""
        return next((t.client_id for t in self.config.tokens if t.token == token), None)

    def reset_runtime(self) -> None:
        """Forget stats, deliveries, faults and the rate window; let paused calls go on."""
        self.pauses.release()
        self.stats = Stats()
        self.deliveries.clear()
        self.faults.replace(type(self.faults.config)())
        self.limiter.used = 0


@dataclass
class Sandbox:
    """Every store, by hash."""

    config: SandboxConfig
    stores: dict[str, Store] = field(default_factory=dict)

    @classmethod
    def empty(cls, config: SandboxConfig) -> Sandbox:
        """A sandbox whose stores hold no data yet."""
        sandbox = cls(config=config)
        for store_config in config.stores:
            sandbox.stores[store_config.store_hash] = Store(
                config=store_config,
                state=StoreState(store_config.store_hash, store_config.store_id),
                limiter=RateLimiter(config.rate_limit_quota, config.rate_limit_window_ms),
                faults=FaultInjector(config.random_seed),
            )
        return sandbox

    def store(self, store_hash: str) -> Store:
        """One store, or a 404 ApiError."""
        found = self.stores.get(store_hash)
        if found is None:
            raise ApiError(404, f"Store {store_hash} not found")
        return found

    def to_json(self) -> dict[str, Any]:
        """The state of every store, as persisted."""
        return {"version": 1, "stores": {h: s.state.to_json() for h, s in self.stores.items()}}
