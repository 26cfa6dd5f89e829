"""Run the ingress: configure logging, build the app, serve until SIGTERM."""

from __future__ import annotations

from aiohttp import web

from storebridge_ingress.app import create_app
from storebridge_ingress.settings import IngressSettings
from storebridge_shared.ops.eventloop import new_event_loop
from storebridge_shared.ops.logs import configure_logging
from storebridge_shared.settings import load_settings


def serve(settings: IngressSettings) -> None:
    """Serve the ingress on settings.port until SIGTERM/SIGINT (in-flight requests finish)."""
    configure_logging(settings.log_format, settings.log_level, service="ingress")
    web.run_app(
        create_app(settings),
        loop=new_event_loop(),
        port=settings.port,
        access_log=None,
        shutdown_timeout=settings.shutdown_grace_secs,
        print=None,
    )


def main() -> None:
    """Entry point of `python -m storebridge_ingress`."""
    serve(load_settings(IngressSettings))
