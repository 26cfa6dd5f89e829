"""Typed application keys of the ingress."""

from __future__ import annotations

import asyncio

from aiohttp import web

from storebridge_ingress.intake import EventRecorder
from storebridge_ingress.metrics import IngressMetrics
from storebridge_ingress.relay import Relay
from storebridge_ingress.settings import IngressSettings
from storebridge_shared.broker.publishing import ConfirmedPublisher
from storebridge_shared.ops.alerts import Alerter
from storebridge_shared.store.client import Database
from storebridge_shared.store.event_log import EventLog
from storebridge_shared.store.hook_notices import HookNotices

SETTINGS = web.AppKey("settings", IngressSettings)
METRICS = web.AppKey("metrics", IngressMetrics)
DATABASE = web.AppKey("database", Database)
EVENT_LOG = web.AppKey("event_log", EventLog)
RECORDER = web.AppKey("recorder", EventRecorder)
"""The event log, or with traces on the same under a span per event."""
PUBLISHER = web.AppKey("publisher", ConfirmedPublisher)
INDEXES_READY = web.AppKey("indexes_ready", asyncio.Event)
RELAY = web.AppKey("relay", Relay)
HOOK_REGISTRATION = web.AppKey("hook_registration", asyncio.Task[None])
HOOK_NOTICES = web.AppKey("hook_notices", HookNotices)
ALERTER = web.AppKey("alerter", Alerter)
