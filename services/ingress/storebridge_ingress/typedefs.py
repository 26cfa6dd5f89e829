"""Typed application keys of the ingress."""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web
from pymongo.asynchronous.database import AsyncDatabase

from storebridge_ingress.metrics import IngressMetrics
from storebridge_ingress.relay import Relay
from storebridge_ingress.settings import IngressSettings
from storebridge_shared.broker.publishing import ConfirmedPublisher
from storebridge_shared.store.event_log import EventLog

SETTINGS = web.AppKey("settings", IngressSettings)
METRICS = web.AppKey("metrics", IngressMetrics)
DATABASE = web.AppKey("database", AsyncDatabase[dict[str, Any]])
EVENT_LOG = web.AppKey("event_log", EventLog)
PUBLISHER = web.AppKey("publisher", ConfirmedPublisher)
INDEXES_READY = web.AppKey("indexes_ready", asyncio.Event)
RELAY = web.AppKey("relay", Relay)
HOOK_REGISTRATION = web.AppKey("hook_registration", asyncio.Task[None])
