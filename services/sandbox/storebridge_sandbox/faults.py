"""Injected faults: latency, random 5xx, hangs, fixed failures per path, lost or late webhooks."""

from __future__ import annotations

import asyncio
import fnmatch
import random

from pydantic import BaseModel, ConfigDict, Field

from storebridge_sandbox.errors import ApiError, default_title


class PathFailure(BaseModel):
    """Answer calls matching a path pattern with a fixed status."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field(description="Glob over the path after /stores/{hash}, e.g. /v3/catalog/*.")
    method: str | None = Field(default=None, description="Only this HTTP method (any if None).")
    status: int = Field(default=500, ge=400, le=599, description="Status code answered.")
    count: int | None = Field(default=None, ge=1, description="Fail this many times, then stop.")


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
    webhook_drop_rate: float = Field(
        default=0.0, ge=0, le=1, description="Share of webhook deliveries silently lost."
    )
    webhook_drop_next: int = Field(
        default=0, ge=0, description="Lose the next N webhook deliveries."
    )
    webhook_delay_ms: int = Field(default=0, ge=0, description="Delay every webhook delivery.")


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
        for failure in cfg.failures:
            if self._matches(failure, method, path):
                self._spend(failure)
                raise ApiError(failure.status, default_title(failure.status))
        if cfg.error_rate and self._random.random() < cfg.error_rate:
            status = self._random.choice(cfg.error_statuses)
            raise ApiError(status, default_title(status))

    @staticmethod
    def _matches(failure: PathFailure, method: str, path: str) -> bool:
        if failure.method and failure.method.upper() != method.upper():
            return False
        return fnmatch.fnmatchcase(path, failure.path)

    def _spend(self, failure: PathFailure) -> None:
        if failure.count is None:
            return
        failure.count -= 1
        if failure.count == 0:
            self.config.failures.remove(failure)

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
