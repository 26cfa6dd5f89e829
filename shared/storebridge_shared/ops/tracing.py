"""OpenTelemetry traces: off unless the standard `OTEL_*` variables ask for them.

`OTEL_TRACES_EXPORTER=otlp` (OTLP over HTTP/protobuf to `OTEL_EXPORTER_OTLP_ENDPOINT` or
`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`), `console` (spans as JSON on stdout) or both, comma
separated; an OTLP endpoint set alone means `otlp`; `none` or `OTEL_SDK_DISABLED=true` keeps them
off. The SDK reads every other `OTEL_*` variable itself (`OTEL_SERVICE_NAME`, `OTEL_RESOURCE_
ATTRIBUTES`, `OTEL_TRACES_SAMPLER`, `OTEL_BSP_*`, `OTEL_EXPORTER_OTLP_HEADERS`...). Each process
instruments the libraries it uses (aiohttp's server, PyMongo, aio-pika, httpx) only when traces
are on, so a process without them pays nothing per request.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from enum import Enum

from opentelemetry import context, propagate, trace
from opentelemetry.instrumentation.instrumentor import BaseInstrumentor  # type: ignore[attr-defined]
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter

TRACER_NAME = "storebridge"
EVENT_ID_ATTRIBUTE = "storebridge.event_id"
"""The span attribute holding the event id of the work (the id every log line carries)."""

EXPORTERS = ("otlp", "console")

_state = {"enabled": False}


class Library(Enum):
    """A library whose calls become spans (OpenTelemetry's instrumentation of it)."""

    AIOHTTP_SERVER = "aiohttp-server"
    PYMONGO = "pymongo"
    AIO_PIKA = "aio-pika"
    HTTPX = "httpx"


INGRESS_LIBRARIES = (Library.AIOHTTP_SERVER, Library.PYMONGO, Library.AIO_PIKA)
CONSUMER_LIBRARIES = (Library.PYMONGO, Library.HTTPX)
"""A consumer's broker spans come from FastStream's telemetry middleware (`broker.consumer`)."""
JANITOR_LIBRARIES = (Library.PYMONGO, Library.AIO_PIKA)


class TracingMisconfigured(ValueError):
    """OTEL_TRACES_EXPORTER names an exporter storebridge does not ship."""


def requested_exporters(environ: Mapping[str, str]) -> tuple[str, ...]:
    """The span exporters the `OTEL_*` variables ask for; () means traces are off (pure)."""
    if environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return ()
    named = [n.strip().lower() for n in environ.get("OTEL_TRACES_EXPORTER", "").split(",")]
    named = [name for name in named if name]
    if not named:
        endpoints = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
        return ("otlp",) if any(environ.get(name, "").strip() for name in endpoints) else ()
    if "none" in named:
        return ()
    unknown = [name for name in named if name not in EXPORTERS]
    if unknown:
        raise TracingMisconfigured(
            f"OTEL_TRACES_EXPORTER={','.join(unknown)} is not one of {', '.join(EXPORTERS)}, none"
        )
    return tuple(dict.fromkeys(named))


def service_resource(service: str, environ: Mapping[str, str]) -> Resource:
    """The process's resource: the SDK's (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES) with
    `storebridge-<service>` as the service name when the variables name none."""
    detected = Resource.create()
    if environ.get("OTEL_SERVICE_NAME") or "service.name=" in environ.get(
        "OTEL_RESOURCE_ATTRIBUTES", ""
    ):
        return detected
    return detected.merge(Resource({SERVICE_NAME: f"storebridge-{service}"}))


def configure_tracing(
    service: str, libraries: Collection[Library], environ: Mapping[str, str] | None = None
) -> bool:
    """Install the tracer provider and instrument `libraries` when the variables ask for traces;
    True when traces are on. Call once per process, before its clients and apps are built."""
    environ = os.environ if environ is None else environ
    exporters = requested_exporters(environ)
    if not exporters:
        return False
    provider = TracerProvider(resource=service_resource(service, environ))
    for name in exporters:
        provider.add_span_processor(BatchSpanProcessor(_exporter(name)))
    trace.set_tracer_provider(provider)
    for library in libraries:
        _instrumentor(library).instrument(tracer_provider=provider)
    _state["enabled"] = True
    return True


def shutdown_tracing() -> None:
    """Export the spans still buffered (a process that exits without atexit: a spawned worker)."""
    provider = trace.get_tracer_provider()
    if _state["enabled"] and isinstance(provider, TracerProvider):
        provider.shutdown()


def tracing_enabled() -> bool:
    """True once `configure_tracing` turned traces on in this process."""
    return _state["enabled"]


def tracer() -> trace.Tracer:
    """storebridge's own tracer (spans of its units of work)."""
    return trace.get_tracer(TRACER_NAME)


def current_trace_ids() -> tuple[str, str] | None:
    """The current span's trace and span ids as hex, or None outside a recorded span."""
    context = trace.get_current_span().get_span_context()
    if not context.is_valid:
        return None
    return format(context.trace_id, "032x"), format(context.span_id, "016x")


def trace_context_carrier() -> dict[str, str]:
    """The current trace context as W3C headers (`traceparent`...), to keep or to send."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier


def carried_trace_id(carrier: Mapping[str, object]) -> str | None:
    """The trace id (hex) of the W3C trace context in `carrier` (message headers), or None."""
    headers = {key: value for key, value in carrier.items() if isinstance(value, str)}
    context = trace.get_current_span(propagate.extract(headers)).get_span_context()
    return format(context.trace_id, "032x") if context.is_valid else None


@contextmanager
def continued_trace(carrier: Mapping[str, str]) -> Iterator[None]:
    """Make the trace context of `carrier` current: spans started inside continue its trace."""
    token = context.attach(propagate.extract(carrier))
    try:
        yield
    finally:
        context.detach(token)


def _exporter(name: str) -> SpanExporter:
    if name == "console":
        return ConsoleSpanExporter()
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter()


def _instrumentor(library: Library) -> BaseInstrumentor:
    if library is Library.AIOHTTP_SERVER:
        from opentelemetry.instrumentation.aiohttp_server import AioHttpServerInstrumentor

        return AioHttpServerInstrumentor()
    if library is Library.PYMONGO:
        from opentelemetry.instrumentation.pymongo import PymongoInstrumentor

        return PymongoInstrumentor()
    if library is Library.AIO_PIKA:
        from opentelemetry.instrumentation.aio_pika import AioPikaInstrumentor

        return AioPikaInstrumentor()
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor

    return HTTPXClientInstrumentor()
