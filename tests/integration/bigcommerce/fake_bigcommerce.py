"""A scriptable BigCommerce stand-in over real HTTP, for client tests and the client benchmark.

It records every request, answers scripted replies or handlers per (method, path), and can
enforce a fixed quota window with the four `X-Rate-Limit-*` headers BigCommerce sends.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter, defaultdict, deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from multidict import MultiDict

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
STORE = "abc123"


@dataclass(frozen=True)
class Reply:
    """One scripted answer."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0


@dataclass(frozen=True)
class Seen:
    """One request as the server received it."""

    method: str
    path: str
    query: MultiDict[str]
    headers: dict[str, str]
    body: Any


class QuotaWindow:
    """A fixed window of `quota` requests that starts at the first request after it expired."""

    def __init__(self, quota: int, window_ms: int) -> None:
        self.quota, self.window_ms = quota, window_ms
        self.started = -1e18
        self.used = 0
        self.index = -1
        self.served_per_window: Counter[int] = Counter()

    def take(self, now: float) -> tuple[bool, dict[str, str]]:
        """Spend one unit if any is left; the headers to send either way."""
        if now >= self.started + self.window_ms / 1000:
            self.started, self.used, self.index = now, 0, self.index + 1
        allowed = self.used < self.quota
        if allowed:
            self.used += 1
            self.served_per_window[self.index] += 1
        reset_ms = max(0, round((self.started + self.window_ms / 1000 - now) * 1000))
        headers = {
            "X-Rate-Limit-Requests-Left": str(self.quota - self.used),
            "X-Rate-Limit-Requests-Quota": str(self.quota),
            "X-Rate-Limit-Time-Reset-Ms": str(reset_ms),
            "X-Rate-Limit-Time-Window-Ms": str(self.window_ms),
        }
        if not allowed:  # fractional so that short test windows are not rounded up to 1 s
            headers["X-Retry-After"] = f"{reset_ms / 1000:.3f}"
        return allowed, headers


class FakeBigCommerce:
    """Routes under /stores/abc123; unscripted paths answer a v3-style 404."""

    def __init__(self, *, quota: int | None = None, window_ms: int = 30_000) -> None:
        self.window = QuotaWindow(quota, window_ms) if quota else None
        self.seen: list[Seen] = []
        self.answered_429 = 0
        self._scripts: dict[tuple[str, str], deque[Reply]] = defaultdict(deque)
        self._handlers: dict[tuple[str, str], Handler] = {}
        self.url = ""

    def script(self, method: str, path: str, *replies: Reply) -> None:
        """Answer the next calls of `method path` with `replies`, in order."""
        self._scripts[(method, path)].extend(replies)

    def handle(self, method: str, path: str, handler: Handler) -> None:
        """Answer `method path` with `handler` once its scripted replies are spent."""
        self._handlers[(method, path)] = handler

    def calls(self, method: str | None = None, path: str | None = None) -> list[Seen]:
        """Requests seen, optionally only those of one method and/or path."""
        return [s for s in self.seen if method in (None, s.method) and path in (None, s.path)]

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        raw = await request.read()
        body = json.loads(raw) if raw else None
        self.seen.append(
            Seen(request.method, path, request.rel_url.query.copy(), dict(request.headers), body)
        )
        quota_headers: dict[str, str] = {}
        if self.window is not None:
            allowed, quota_headers = self.window.take(time.monotonic())
            if not allowed:
                self.answered_429 += 1
                return _json(429, {"status": 429, "title": "Too many requests"}, quota_headers)
        response = await self._answer(request, path)
        response.headers.update(quota_headers)
        return response

    async def _answer(self, request: web.Request, path: str) -> web.StreamResponse:
        key = (request.method, path)
        if self._scripts[key]:
            reply = self._scripts[key].popleft()
            if reply.delay_s:
                await asyncio.sleep(reply.delay_s)
            return _json(reply.status, reply.body, reply.headers)
        if key in self._handlers:
            return await self._handlers[key](request)
        return _json(404, {"status": 404, "title": f"No route {path}", "type": "/errors"})


def _json(status: int, body: Any, headers: dict[str, str] | None = None) -> web.Response:
    if body is None:
        return web.Response(status=status, headers=headers)
    return web.json_response(body, status=status, headers=headers)


def v3_pages(items: list[dict[str, Any]], default_limit: int = 50) -> Handler:
    """A v3 list handler: `data` + `meta.pagination`, honouring page and limit."""

    async def handler(request: web.Request) -> web.Response:
        page = int(request.query.get("page", "1"))
        limit = int(request.query.get("limit", str(default_limit)))
        total_pages = max(1, -(-len(items) // limit))
        chunk = items[(page - 1) * limit : page * limit]
        pagination = {
            "total": len(items),
            "count": len(chunk),
            "per_page": limit,
            "current_page": page,
            "total_pages": total_pages,
            "links": {},
        }
        return _json(200, {"data": chunk, "meta": {"pagination": pagination}})

    return handler


def v2_pages(items: list[dict[str, Any]]) -> Handler:
    """A v2 list handler: bare arrays by page and limit, 204 past the end."""

    async def handler(request: web.Request) -> web.Response:
        page = int(request.query.get("page", "1"))
        limit = int(request.query.get("limit", "50"))
        chunk = items[(page - 1) * limit : page * limit]
        return _json(200, chunk) if chunk else web.Response(status=204)

    return handler


def always(reply: Reply) -> Handler:
    """A handler answering `reply` every time."""

    async def handler(request: web.Request) -> web.Response:
        return _json(reply.status, reply.body, reply.headers)

    return handler


def ok(data: Any = None, status: int = 200) -> Reply:
    """A v3 success reply: `{"data": data, "meta": {}}`."""
    return Reply(status, {"data": data if data is not None else {}, "meta": {}})


@asynccontextmanager
async def serving(fake: FakeBigCommerce) -> AsyncIterator[str]:
    """Serve `fake` on 127.0.0.1 and a free port; yield the API base URL."""
    app = web.Application()
    app.router.add_route("*", f"/stores/{STORE}/{{tail:.*}}", fake._dispatch)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    fake.url = f"http://127.0.0.1:{port}"
    try:
        yield fake.url
    finally:
        await runner.cleanup()
