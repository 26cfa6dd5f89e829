"""The ingress URL table."""

from __future__ import annotations

from aiohttp import web

from storebridge_ingress import views


def setup_routes(app: web.Application) -> None:
    """Webhook intake (the generic path and the Node.js app's paths), health, readiness, metrics."""
    app.router.add_post("/webhooks", views.receive_webhook)
    app.router.add_post("/webhooks/{family}/{action}", views.receive_webhook)
    app.router.add_get("/healthz", views.healthz)
    app.router.add_get("/readyz", views.readyz)
    app.router.add_get("/metrics", views.metrics)
