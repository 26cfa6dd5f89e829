"""Request and response helpers shared by the handlers."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from storebridge_sandbox.errors import ApiError, v2_body, v3_body
from storebridge_sandbox.faults import InjectedFailure
from storebridge_sandbox.keys import CLIENT_ID, SANDBOX
from storebridge_sandbox.store import Store


def store_of(request: web.Request) -> Store:
    """The store named by `{store_hash}` in the path, or 404."""
    return request.app[SANDBOX].store(request.match_info["store_hash"])


def client_id_of(request: web.Request) -> str:
    """The client id of the calling token (admin calls act as the store's first token)."""
    return request.get(CLIENT_ID) or store_of(request).config.tokens[0].client_id


def ident(request: web.Request, name: str) -> int:
    """An integer path parameter, 404 when it is not one."""
    try:
        return int(request.match_info[name])
    except ValueError:
        raise ApiError(404, f"{name} {request.match_info[name]!r} not found") from None


async def body_of(request: web.Request) -> Any:
    """The parsed JSON body; 400 when it is not JSON."""
    raw = await request.read()
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        raise ApiError(400, "The request body is not valid JSON") from None


def reply(data: Any, status: int = 200) -> web.Response:
    """A JSON response."""
    return web.json_response(data, status=status)


def no_content() -> web.Response:
    """204 with an empty body."""
    return web.Response(status=204)


def error_reply(error: ApiError, v2: bool) -> web.Response:
    """An error in the v3 or v2 shape."""
    return reply(v2_body(error) if v2 else v3_body(error), status=error.status)


def failure_reply(error: InjectedFailure, v2: bool) -> web.Response:
    """An injected failure: the error shape, or the failure's own body (JSON or text)."""
    failure = error.failure
    if failure.body is None:
        return error_reply(error, v2)
    if isinstance(failure.body, str):
        content_type = failure.content_type or "text/plain"
        return web.Response(status=error.status, text=failure.body, content_type=content_type)
    return reply(failure.body, status=error.status)


def query_of(request: web.Request) -> dict[str, str]:
    """The query string as a plain dict (last value wins)."""
    return dict(request.query)
