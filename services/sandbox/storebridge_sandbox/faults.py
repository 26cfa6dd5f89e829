"""Injected faults: latency, random 5xx, hangs, fixed failures or delays per path, lost or late
webhooks."""

from __future__ import annotations

import asyncio
import fnmatch
import random
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from storebridge_sandbox.errors import ApiError, default_title


class PathMatch(BaseModel):
    """Calls matching a path pattern (and a method), this many times or for ever."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field(description="Glob over the path after /stores/{hash}, e.g. /v3/catalog/*.")
    method: str | None = Field(default=None, description="Only this HTTP method (any if None).")
    count: int | None = Field(default=None, ge=1, description="Apply this many times, then stop.")


class PathFailure(PathMatch):
    """Answer matching calls with a fixed status, optionally with the gateway's own answer."""

    status: int = Field(default=500, ge=400, le=599, description="Status code answered.")
    headers: dict[str, str] = Field(
        default={}, description="Sent last, e.g. X-Retry-After or X-Rate-Limit-Time-Reset-Ms."
    )
    rate_limit_headers: bool = Field(
        default=True, description="False: no X-Rate-Limit-* headers (a platform-wide 429)."
    )
    body: Any = Field(default=None, description="Answered instead of the error object.")
    content_type: str | None = Field(
        default=None, description="With a string body, e.g. text/html for a gateway page."
    )


class PathDelay(PathMatch):
    """Hold matching calls before handling them normally (a slow endpoint)."""

    delay_ms: int = Field(ge=0, description="Milliseconds to wait before the handler runs.")


class PathPartial(PathMatch):
    """Handle matching calls, then answer 207 Multi-Status with `errors` beside the data."""

    errors: dict[str, Any] = Field(
        default={"title": "Part of the request failed"}, description="The 207 `errors` object."
    )


class PathHold(PathMatch):
    """Hold matching calls past the client's patience, reset them, and apply them later anyway."""

    hold_ms: int = Field(ge=0, description="Milliseconds the connection is held, then reset.")
    apply_after_ms: int = Field(
        ge=0, description="Milliseconds after arrival at which the request is applied."
    )


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


Match = TypeVar("Match", bound=PathMatch)


class FaultInjector:
    """Applies a FaultConfig to API calls and webhook deliveries."""

    def __init__(self, seed: int | None = None) -> None:
        self.config = FaultConfig()
        self._random = random.Random(seed)

    def replace(self, config: FaultConfig) -> None:
        """Install a new fault set."""
        self.config = config.model_copy(deep=True)

    async def before_call(self, method: str, path: str) -> None:
        """Sleep and/or raise the ApiError this call should get."""
        cfg = self.config
        if cfg.latency_ms:
            await asyncio.sleep(cfg.latency_ms / 1000)
        if cfg.timeout_s:
            await asyncio.sleep(cfg.timeout_s)
            raise ApiError(504, default_title(504))
        for delay in cfg.delays:
            if self._matches(delay, method, path):
                self._spend(cfg.delays, delay)
                await asyncio.sleep(delay.delay_ms / 1000)
                break
        for failure in cfg.failures:
            if self._matches(failure, method, path):
                self._spend(cfg.failures, failure)
                raise InjectedFailure(failure)
        if cfg.error_rate and self._random.random() < cfg.error_rate:
            status = self._random.choice(cfg.error_statuses)
            raise ApiError(status, default_title(status))

    def hold(self, method: str, path: str) -> PathHold | None:
        """The hold-then-apply this call gets, if any (spent when returned)."""
        return self._take(self.config.hold_then_apply, method, path)

    def partial(self, method: str, path: str) -> PathPartial | None:
        """The 207 to answer after this call was handled, if any (spent when returned)."""
        return self._take(self.config.partials, method, path)

    def _take(self, entries: list[Match], method: str, path: str) -> Match | None:
        for entry in entries:
            if self._matches(entry, method, path):
                self._spend(entries, entry)
                return entry
        return None

    @staticmethod
    def _matches(match: PathMatch, method: str, path: str) -> bool:
        if match.method and match.method.upper() != method.upper():
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
