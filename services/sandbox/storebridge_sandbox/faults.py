"""Injected faults: latency, random 5xx, hangs, fixed failures, delays or pauses per path (and
query), late-applied writes, lost or late webhooks."""

from __future__ import annotations

import asyncio
import fnmatch
import random
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from storebridge_sandbox.errors import ApiError, default_title
from storebridge_sandbox.fault_rules import (
    PathDelay,
    PathFailure,
    PathHold,
    PathMatch,
    PathPartial,
    PathPause,
)

Query = Mapping[str, str]
_NO_QUERY: Query = {}


class InjectedFailure(ApiError):
    """An ApiError raised by a PathFailure; the failure says how to answer it."""

    def __init__(self, failure: PathFailure) -> None:
        super().__init__(failure.status, default_title(failure.status))
        self.failure = failure


class FaultConfig(BaseModel):
    """The faults of one store; PUT replaces the whole set, `{}` clears it."""

    model_config = ConfigDict(extra="forbid")

    latency_ms: int = Field(default=0, ge=0, description="Added to every API call.")
    error_rate: float = Field(default=0.0, ge=0, le=1, description="Share of calls answered 5xx.")
    error_statuses: list[int] = Field(
        default=[500, 502, 503], min_length=1, description="Statuses drawn for error_rate."
    )
    timeout_s: float = Field(
        default=0.0, ge=0, description="Hang every call this long, then answer 504."
    )
    failures: list[PathFailure] = Field(default=[], description="Fixed failures by path pattern.")
    delays: list[PathDelay] = Field(default=[], description="Slow answers by path pattern.")
    partials: list[PathPartial] = Field(default=[], description="207 answers by path pattern.")
    pauses: list[PathPause] = Field(
        default=[], description="Calls held until released (a poll slowed at a chosen point)."
    )
    hold_then_apply: list[PathHold] = Field(
        default=[], description="Writes applied after the client gave up, by path pattern."
    )
    webhook_drop_rate: float = Field(
        default=0.0, ge=0, le=1, description="Share of webhook deliveries silently lost."
    )
    webhook_drop_next: int = Field(
        default=0, ge=0, description="Lose the next N webhook deliveries."
    )
    webhook_delay_ms: int = Field(default=0, ge=0, description="Delay every webhook delivery.")
    status_updated_without_status: bool = Field(
        default=False, description="Send store/order/statusUpdated without data.status."
    )
    consignments_unsupported: bool = Field(
        default=False,
        description="Ignore include=consignments on orders (an API without them): the link only.",
    )


Match = TypeVar("Match", bound=PathMatch)


class FaultInjector:
    """Applies a FaultConfig to API calls and webhook deliveries."""

    def __init__(self, seed: int | None = None) -> None:
        self.config = FaultConfig()
        self._random = random.Random(seed)

    def replace(self, config: FaultConfig) -> None:
        """Install a new fault set."""
        self.config = config.model_copy(deep=True)

    async def before_call(self, method: str, path: str, query: Query = _NO_QUERY) -> None:
        """Sleep and/or raise the ApiError this call should get."""
        cfg = self.config
        if cfg.latency_ms:
            await asyncio.sleep(cfg.latency_ms / 1000)
        if cfg.timeout_s:
            await asyncio.sleep(cfg.timeout_s)
            raise ApiError(504, default_title(504))
        for delay in cfg.delays:
            if self._matches(delay, method, path, query):
                self._spend(cfg.delays, delay)
                await asyncio.sleep(delay.delay_ms / 1000)
                break
        for failure in cfg.failures:
            if self._matches(failure, method, path, query):
                self._spend(cfg.failures, failure)
                raise InjectedFailure(failure)
        if cfg.error_rate and self._random.random() < cfg.error_rate:
            status = self._random.choice(cfg.error_statuses)
            raise ApiError(status, default_title(status))

    def pause(self, method: str, path: str, query: Query = _NO_QUERY) -> PathPause | None:
        """The pause this call gets, if any (spent when returned)."""
        return self._take(self.config.pauses, method, path, query)

    def hold(self, method: str, path: str, query: Query = _NO_QUERY) -> PathHold | None:
        """The hold-then-apply this call gets, if any (spent when returned)."""
        return self._take(self.config.hold_then_apply, method, path, query)

    def partial(self, method: str, path: str, query: Query = _NO_QUERY) -> PathPartial | None:
        """The 207 to answer after this call was handled, if any (spent when returned)."""
        return self._take(self.config.partials, method, path, query)

    def _take(self, entries: list[Match], method: str, path: str, query: Query) -> Match | None:
        for entry in entries:
            if self._matches(entry, method, path, query):
                self._spend(entries, entry)
                return entry
        return None

    @staticmethod
    def _matches(match: PathMatch, method: str, path: str, query: Query) -> bool:
        if match.method and match.method.upper() != method.upper():
            return False
        if any(query.get(key) != value for key, value in match.query.items()):
            return False
        return fnmatch.fnmatchcase(path, match.path)

    @staticmethod
    def _spend(entries: list[Any], match: PathMatch) -> None:
        if match.count is None:
            return
        match.count -= 1
        if match.count == 0:
            entries.remove(match)

    def drop_delivery(self) -> bool:
        """Whether the next webhook delivery is lost."""
        if self.config.webhook_drop_next:
            self.config.webhook_drop_next -= 1
            return True
        rate = self.config.webhook_drop_rate
        return bool(rate) and self._random.random() < rate

    def delivery_delay_s(self) -> float:
        """Seconds to wait before each delivery attempt."""
        return self.config.webhook_delay_ms / 1000
