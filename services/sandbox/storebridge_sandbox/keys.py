"""Typed keys of the aiohttp application and requests."""

from __future__ import annotations

from aiohttp import web

from storebridge_sandbox.dispatch import Dispatcher
from storebridge_sandbox.store import Sandbox

SANDBOX = web.AppKey("sandbox", Sandbox)
DISPATCHER = web.AppKey("dispatcher", Dispatcher)
CLIENT_ID = web.RequestKey("client_id", str)
