"""The console's HTTP edge: security headers, metrics, login required, CSRF, page rendering."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from aiohttp import web
from jinja2 import Environment, PackageLoader, select_autoescape

from storebridge_console.auth import CSRF_FIELD, SESSION_COOKIE, Session
from storebridge_console.typedefs import METRICS, SESSION, SIGNER, TEMPLATES

log = structlog.get_logger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

OPEN_PATHS = frozenset({"/healthz", "/readyz", "/metrics", "/login"})
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def templates() -> Environment:
    """The page templates of the package, HTML-escaped by default."""
    return Environment(
        loader=PackageLoader("storebridge_console", "templates"),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def session_of(request: web.Request) -> Session | None:
    """The request's session (None on the open paths)."""
    return request.get(SESSION)


def render(
    request: web.Request, template: str, context: dict[str, Any], *, status: int = 200
) -> web.Response:
    """A page from `template`, given the session's CSRF token for its forms."""
    session = session_of(request)
    csrf = request.app[SIGNER].csrf_token(session) if session else ""
    page = request.app[TEMPLATES].get_template(template)
    html = page.render(csrf_field=CSRF_FIELD, csrf_token=csrf, path=request.path, **context)
    return web.Response(text=html, content_type="text/html", status=status)


def _route(request: web.Request) -> str:
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else "unmatched"


def _finish(request: web.Request, response: web.StreamResponse, started: float) -> None:
    route = _route(request)
    response.headers.update(SECURITY_HEADERS)
    metrics = request.app[METRICS]
    metrics.requests.labels(route, str(response.status)).inc()
    metrics.seconds.labels(route).observe(time.perf_counter() - started)
    if route not in OPEN_PATHS:
        log.info("request", method=request.method, route=route, status=response.status)


@web.middleware
async def observed(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Security headers on every answer; one log line and the metrics per request."""
    started = time.perf_counter()
    try:
        response = await handler(request)
    except web.HTTPException as error:
        _finish(request, error, started)
        raise
    _finish(request, response, started)
    return response


@web.middleware
async def authenticated(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Pages need a session; every POST also needs the session's CSRF token."""
    if request.path in OPEN_PATHS or request.path.startswith("/static/"):
        return await handler(request)
    signer = request.app[SIGNER]
    session = signer.verify(request.cookies.get(SESSION_COOKIE), time.time())
    if session is None:
        if request.method == "GET":
            raise web.HTTPSeeOther(f"/login?next={request.path_qs}")
        raise web.HTTPUnauthorized(text="log in first")
    if request.method == "POST":
        form = await request.post()
        token = form.get(CSRF_FIELD)
        if not isinstance(token, str) or not signer.csrf_valid(session, token):
            raise web.HTTPForbidden(text="missing or wrong CSRF token: reload the page")
    request[SESSION] = session
    return await handler(request)
