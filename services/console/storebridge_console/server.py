"""Run the console: configure logging, build the app, serve until SIGTERM."""

from __future__ import annotations

from aiohttp import web

from storebridge_console.app import create_app
from storebridge_console.settings import ConsoleSettings
from storebridge_shared.ops.eventloop import new_event_loop
from storebridge_shared.ops.logs import configure_logging
from storebridge_shared.settings import load_settings


def serve(settings: ConsoleSettings) -> None:
    """Serve on CONSOLE_HOST:CONSOLE_PORT until SIGTERM/SIGINT."""
    configure_logging(settings.log_format, settings.log_level, service="console")
    web.run_app(
        create_app(settings),
        loop=new_event_loop(),
        host=settings.console_host,
        port=settings.console_port,
        access_log=None,
        shutdown_timeout=settings.shutdown_grace_secs,
        print=None,
    )


def main() -> None:
    """Entry point of `python -m storebridge_console`."""
    serve(load_settings(ConsoleSettings))
