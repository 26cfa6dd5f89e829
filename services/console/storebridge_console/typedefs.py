"""Typed application and request keys of the console."""

from __future__ import annotations

from aiohttp import web
from jinja2 import Environment

from storebridge_console.auth import Session, SessionSigner, ThrottleRule
from storebridge_console.metrics import ConsoleMetrics
from storebridge_console.settings import ConsoleSettings
from storebridge_shared.broker.publishing import ConfirmedPublisher
from storebridge_shared.store.client import Database
from storebridge_shared.store.event_log import EventLog

SETTINGS = web.AppKey("settings", ConsoleSettings)
METRICS = web.AppKey("metrics", ConsoleMetrics)
DATABASE = web.AppKey("database", Database)
EVENT_LOG = web.AppKey("event_log", EventLog)
PUBLISHER = web.AppKey("publisher", ConfirmedPublisher)
TEMPLATES = web.AppKey("templates", Environment)
SIGNER = web.AppKey("signer", SessionSigner)
THROTTLE = web.AppKey("throttle", ThrottleRule)

SESSION = web.RequestKey("session", Session)
"""Where the auth middleware leaves the request's session."""
