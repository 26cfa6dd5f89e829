"""Run the ingress: configure logging, build the app, serve until SIGTERM.

One process by default where one CPU is usable; INGRESS_WORKERS (or the usable CPUs) worker
processes on the same port otherwise (`workers.py`).
"""

from __future__ import annotations

import signal

import structlog
from aiohttp import web

from storebridge_ingress.app import create_app
from storebridge_ingress.settings import IngressSettings
from storebridge_ingress.workers import resolved_workers, supervise
from storebridge_shared.ops.eventloop import new_event_loop
from storebridge_shared.ops.logs import configure_logging
from storebridge_shared.ops.tracing import INGRESS_LIBRARIES, configure_tracing, shutdown_tracing
from storebridge_shared.settings import load_settings


def serve(settings: IngressSettings) -> None:
    """Serve the ingress on settings.port until SIGTERM/SIGINT (in-flight requests finish)."""
    workers = resolved_workers(settings)
    if workers > 1:
        configure_logging(settings.log_format, settings.log_level, service="ingress")
        raise SystemExit(supervise(settings, workers, serve_worker))
    traced = configure_tracing("ingress", INGRESS_LIBRARIES)
    configure_logging(settings.log_format, settings.log_level, service="ingress", trace_ids=traced)
    web.run_app(
        create_app(settings),
        loop=new_event_loop(),
        port=settings.port,
        access_log=None,
        shutdown_timeout=settings.shutdown_grace_secs,
        print=None,
    )


def serve_worker(settings: IngressSettings, index: int) -> None:
    """One of several workers: the shared port with SO_REUSEPORT; stops on the supervisor's
    SIGTERM only (a terminal's SIGINT reaches the supervisor, which forwards it once)."""
    traced = configure_tracing("ingress", INGRESS_LIBRARIES)
    configure_logging(settings.log_format, settings.log_level, service="ingress", trace_ids=traced)
    structlog.contextvars.bind_contextvars(worker=index)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    loop = new_event_loop()

    def graceful_exit() -> None:
        # A second SIGTERM (one sent to the whole process group, then the supervisor's) must
        # not cut the shutdown short; the supervisor kills a worker stuck past the grace.
        loop.remove_signal_handler(signal.SIGTERM)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise web.GracefulExit()

    loop.add_signal_handler(signal.SIGTERM, graceful_exit)
    web.run_app(
        create_app(settings),
        loop=loop,
        port=settings.port,
        reuse_port=True,
        handle_signals=False,
        access_log=None,
        shutdown_timeout=settings.shutdown_grace_secs,
        print=None,
    )
    shutdown_tracing()  # a spawned process exits without running atexit


def main() -> None:
    """Entry point of `python -m storebridge_ingress`."""
    serve(load_settings(IngressSettings))
