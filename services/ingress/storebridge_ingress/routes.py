"""The ingress URL table."""

from __future__ import annotations

from aiohttp import web

from storebridge_ingress import views
from storebridge_shared.hooks.plan import EXCEPTION_PATH


def setup_routes(app: web.Application) -> None:
    """Webhook intake (the generic path, delivery exceptions, the Node.js app's paths), health,
    readiness, metrics."""
    app.router.add_post("/webhooks", views.receive_webhook)
    app.router.add_post(EXCEPTION_PATH, views.receive_hook_exception)  # before the families
    app.router.add_post("/webhooks/{family}/{action}", views.receive_webhook)
    app.router.add_get("/healthz", views.healthz)
    app.router.add_get("/readyz", views.readyz)
    app.router.add_get("/metrics", views.metrics)
