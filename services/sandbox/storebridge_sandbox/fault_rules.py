"""The per-path fault rules: which calls (path glob, method, query) get which fault."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class PathMatch(BaseModel):
    """Calls matching a path pattern (and a method), this many times or for ever."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field(description="Glob over the path after /stores/{hash}, e.g. /v3/catalog/*.")
    method: str | None = Field(default=None, description="Only this HTTP method (any if None).")
    count: int | None = Field(default=None, ge=1, description="Apply this many times, then stop.")
    query: dict[str, str] = Field(
        default={}, description="Only calls with these query values, e.g. {'status_id': '11'}."
    )


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


class PathPause(PathMatch):
    """Hold matching calls until released through the admin API, then handle them normally."""

    max_ms: int = Field(
        default=30000, ge=0, description="Milliseconds after which a call goes on unreleased."
    )


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
