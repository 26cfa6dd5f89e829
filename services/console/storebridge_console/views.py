"""Login, logout, the overview page and the ops endpoints."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from aiohttp import web

from storebridge_console.auth import SESSION_COOKIE, password_matches
from storebridge_console.overview import gather_overview
from storebridge_console.typedefs import DATABASE, METRICS, PUBLISHER, SETTINGS, SIGNER, THROTTLE
from storebridge_console.view_models import overview_view
from storebridge_console.web import render
from storebridge_shared.ops.metrics import METRICS_CONTENT_TYPE, render_metrics
from storebridge_shared.store.client import StoreError, ping
from storebridge_shared.store.login_failures import LoginFailures


def _next_path(raw: object) -> str:
    """Where to go after the login: a path of this console only."""
    text = raw if isinstance(raw, str) else ""
    return text if text.startswith("/") and not text.startswith("//") else "/"


def _client(request: web.Request) -> str:
    return request.remote or "unknown"


async def login_page(request: web.Request) -> web.Response:
    """The login form."""
    return render(request, "login.html", {"next": _next_path(request.query.get("next"))})


async def login(request: web.Request) -> web.StreamResponse:
    """Check the password: a session cookie and the asked page, or 401 (429 when throttled;
    503 when the failures cannot be counted: no login while MongoDB does not answer)."""
    try:
        return await _login(request)
    except StoreError:
        raise web.HTTPServiceUnavailable(text="the console's database does not answer") from None


async def _login(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    target = _next_path(form.get("next"))
    rule, metrics, now = request.app[THROTTLE], request.app[METRICS], time.time()
    failures, client = LoginFailures(request.app[DATABASE]), _client(request)
    wait = rule.wait_secs(await failures.recent(client, rule.since(now), rule.max_failures), now)
    if wait > 0:
        metrics.logins.labels("throttled").inc()
        page = render(
            request,
            "login.html",
            {"next": target, "error": "Too many attempts: wait a few minutes."},
            status=429,
        )
        page.headers["Retry-After"] = str(int(wait) + 1)
        return page
    given = form.get("password")
    password = request.app[SETTINGS].console_password
    if (
        password is None
        or not isinstance(given, str)
        or not password_matches(given, password.get_secret_value())
    ):
        await failures.add(client, now)
        metrics.logins.labels("wrong").inc()
        context = {"next": target, "error": "Wrong password."}
        return render(request, "login.html", context, status=401)
    await failures.forget(client)
    metrics.logins.labels("ok").inc()
    settings = request.app[SETTINGS]
    response = web.HTTPSeeOther(target)
    response.set_cookie(
        SESSION_COOKIE,
        request.app[SIGNER].issue(now),
        max_age=int(settings.console_session_hours * 3600),
        httponly=True,
        samesite="Strict",
        secure=settings.console_secure_cookie,
        path="/",
    )
    raise response


async def logout(request: web.Request) -> web.StreamResponse:
    """End the session (the cookie is dropped)."""
    response = web.HTTPSeeOther("/login")
    response.del_cookie(SESSION_COOKIE, path="/")
    raise response


async def overview(request: web.Request) -> web.Response:
    """Services, backlog, dead letters and hooks; reloads itself."""
    settings = request.app[SETTINGS]
    facts = await gather_overview(settings, request.app[DATABASE])
    context = overview_view(facts, datetime.now(UTC))
    return render(request, "overview.html", context | {"refresh": settings.console_refresh_secs})


async def healthz(request: web.Request) -> web.Response:
    """The process is alive."""
    return web.json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    """Ready when MongoDB answers; the broker is reported, not required (pages say per section)."""
    mongodb = await ping(request.app[DATABASE])
    broker = request.app[PUBLISHER].ready
    return web.json_response({"mongodb": mongodb, "broker": broker}, status=200 if mongodb else 503)


async def metrics(request: web.Request) -> web.Response:
    """Prometheus exposition."""
    body = render_metrics(request.app[METRICS].registry)
    return web.Response(body=body, headers={"Content-Type": METRICS_CONTENT_TYPE})
