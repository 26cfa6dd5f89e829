"""The console URL table."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from storebridge_console import dead_letter_views, event_views, order_views, register_views, views

STATIC = Path(__file__).parent / "static"


def setup_routes(app: web.Application) -> None:
    """Pages, login, static assets (vendored, nothing from a CDN) and the ops endpoints."""
    app.router.add_get("/", views.overview, name="overview")
    app.router.add_get("/runs", register_views.runs)
    app.router.add_get("/runs/{run_id}", register_views.run_detail)
    app.router.add_get("/resource", register_views.resource)
    app.router.add_get("/resource/resync", register_views.resync_confirm)
    app.router.add_post("/resource/resync", register_views.resync)
    app.router.add_get("/dead-letters", dead_letter_views.dead_letters)
    action = "/dead-letters/{service}/{action:requeue|purge}"
    app.router.add_get(action, dead_letter_views.confirm)
    app.router.add_post(action, dead_letter_views.act)
    app.router.add_get("/dead-letters/{service}/{event_id}", dead_letter_views.dead_letter)
    app.router.add_get("/orders", order_views.orders)
    app.router.add_get("/events", event_views.events)
    app.router.add_get("/events/replay", event_views.replay_preview)
    app.router.add_post("/events/replay", event_views.replay_window)
    app.router.add_get("/events/{event_id}", event_views.event)
    app.router.add_get("/login", views.login_page)
    app.router.add_post("/login", views.login)
    app.router.add_post("/logout", views.logout)
    app.router.add_static("/static/", STATIC, name="static")
    app.router.add_get("/healthz", views.healthz)
    app.router.add_get("/readyz", views.readyz)
    app.router.add_get("/metrics", views.metrics)
