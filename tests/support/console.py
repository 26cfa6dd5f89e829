"""A running console for tests: its URL, settings, and an httpx client that can log in."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import httpx
from aiohttp import web

from storebridge_console.app import create_app
from storebridge_console.settings import ConsoleSettings
from tests.support.settings import settings_of
from tests.support.waiting import wait_until

PASSWORD = "correct horse battery staple"
CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


@dataclass
class RunningConsole:
    """A console on a free port and an HTTP client for it (cookies kept)."""

    url: str
    settings: ConsoleSettings
    http: httpx.AsyncClient

    async def log_in(self, password: str = PASSWORD) -> httpx.Response:
        """Post the login form."""
        return await self.http.post("/login", data={"password": password, "next": "/"})

    async def until_broker(self) -> None:
        """Wait until the console's publisher is connected (its /readyz says so)."""

        async def connected() -> bool:
            return bool((await self.http.get("/readyz")).json()["broker"])

        await wait_until(connected)

    async def csrf(self, path: str = "/") -> str:
        """The CSRF token of the logged-in session, as a page's forms carry it."""
        page = await self.http.get(path)
        match = CSRF.search(page.text)
        assert match, f"no CSRF token on {path}: {page.status_code}"
        return match[1]


ConsoleFactory = Callable[..., contextlib.AbstractAsyncContextManager[RunningConsole]]


@contextlib.asynccontextmanager
async def running_console(**values: Any) -> AsyncIterator[RunningConsole]:
    """Serve a console with `values` as settings (password PASSWORD unless given)."""
    settings = settings_of(ConsoleSettings, **({"console_password": PASSWORD} | values))
    runner = web.AppRunner(create_app(settings))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    try:
        async with httpx.AsyncClient(base_url=url, timeout=20) as http:
            yield RunningConsole(url, settings, http)
    finally:
        await runner.cleanup()
