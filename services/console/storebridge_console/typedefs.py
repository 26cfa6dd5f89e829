"""Typed application and request keys of the console."""

from __future__ import annotations

from aiohttp import web
from jinja2 import Environment

from storebridge_console.auth import LoginThrottle, Session, SessionSigner
from storebridge_console.metrics import ConsoleMetrics
from storebridge_console.settings import ConsoleSettings
from storebridge_shared.store.client import Database

SETTINGS = web.AppKey("settings", ConsoleSettings)
METRICS = web.AppKey("metrics", ConsoleMetrics)
DATABASE = web.AppKey("database", Database)
TEMPLATES = web.AppKey("templates", Environment)
SIGNER = web.AppKey("signer", SessionSigner)
THROTTLE = web.AppKey("throttle", LoginThrottle)

SESSION = web.RequestKey("session", Session)
"""Where the auth middleware leaves the request's session."""
