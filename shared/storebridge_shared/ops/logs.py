"""Structured logging (structlog) shared by every service.

Every log line carries the context bound with `structlog.contextvars` (the event id above all), so
`grep <event_id>` follows one event from the ingress to the last write of every service. Every
library's lines (FastStream, aiohttp, aio-pika, httpx, pymongo) go through the same renderer: with
`LOG_FORMAT=json` each line is one JSON object. A library that installed a handler of its own
(FastStream's coloured one) is made to hand its records to ours instead; FastStream's
`message_id` (our event id) is logged as `event_id`. With traces on (`ops.tracing`), every line
written inside a span also carries its `trace_id` and `span_id`.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import MutableMapping
from typing import Any, Literal

import orjson
import structlog

from storebridge_shared.ops.tracing import current_trace_ids

QUIET_LIBRARIES = ("aio_pika", "aiormq", "pymongo")
"""Logged from WARNING up, whatever LOG_LEVEL says."""

DEBUG_LIBRARIES = ("httpx",)
"""One line per request: shown only with LOG_LEVEL=debug."""

FASTSTREAM_LOGGER = "storebridge.faststream"
"""The logger FastStream's app and broker are given (it propagates to ours)."""


def event_id_from_message_id(
    logger: Any, method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """FastStream's `message_id` extra is our event id: log it under that name."""
    message_id = event_dict.pop("message_id", None)
    if message_id and "event_id" not in event_dict:
        event_dict["event_id"] = message_id
    return event_dict


def add_trace_ids(
    logger: Any, method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """The current span's `trace_id` and `span_id`, on a line written inside one."""
    ids = current_trace_ids()
    if ids is not None:
        event_dict["trace_id"], event_dict["span_id"] = ids
    return event_dict


def render_json(event: dict[str, Any], **options: Any) -> str:
    """One JSON log line by orjson (a fraction of `json.dumps`'s cost per line); a value orjson
    refuses (an integer past 64 bits) falls back to `json.dumps`, so a line is never lost."""
    default = options.get("default")
    try:
        return orjson.dumps(event, default=default, option=orjson.OPT_NON_STR_KEYS).decode()
    except TypeError:
        return json.dumps(event, **options)


def configure_logging(
    log_format: Literal["json", "console"] = "json",
    level: str = "info",
    *,
    service: str = "",
    trace_ids: bool = False,
) -> None:
    """Route structlog and stdlib logging to stderr as JSON lines (or coloured console); with
    `trace_ids` (traces on) each line written inside a span carries its ids."""
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer(serializer=render_json)
        if log_format == "json"
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    shared: list[structlog.typing.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.StackInfoRenderer(),
        structlog.processors.format_exc_info,
    ]
    if trace_ids:  # only then: the lookup is a cost per line
        shared.append(add_trace_ids)
    numeric = logging.getLevelName(level.upper())
    structlog.configure(
        processors=[*shared, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        # one write per line (print() writes the newline apart, and an unbuffered stderr shared
        # by the processes of `make run` interleaved two lines into one)
        logger_factory=structlog.WriteLoggerFactory(sys.stderr),
        cache_logger_on_first_use=True,
    )
    # stdlib loggers (FastStream, aiohttp, aio-pika) go through the same processors, so their
    # lines carry the bound event id too.
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(numeric)  # also for loggers with a level of their own (FastStream's)
    foreign: list[structlog.typing.Processor] = [
        *shared,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.ExtraAdder(),
        event_id_from_message_id,
    ]
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
            foreign_pre_chain=foreign,
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(numeric)
    adopt_library_handlers()
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(max(numeric, logging.WARNING))
    for name in DEBUG_LIBRARIES:
        logging.getLogger(name).setLevel(
            logging.DEBUG if numeric <= logging.DEBUG else logging.WARNING
        )
    if service:
        structlog.contextvars.bind_contextvars(service=service)


def adopt_library_handlers() -> list[str]:
    """Loggers that print to the terminal on their own are made to propagate to the root's
    handler instead (FastStream's `faststream` logger, created at import); their names."""
    adopted = []
    for name, logger in list(logging.root.manager.loggerDict.items()):
        if not isinstance(logger, logging.Logger):
            continue
        terminal = [h for h in logger.handlers if _writes_to_terminal(h)]
        if terminal:
            for found in terminal:
                logger.removeHandler(found)
            logger.propagate = True
            adopted.append(name)
    return adopted


def faststream_logger() -> logging.Logger:
    """The logger to give FastStream's app and broker: ours, not its coloured stdout one."""
    return logging.getLogger(FASTSTREAM_LOGGER)


def _writes_to_terminal(handler: logging.Handler) -> bool:
    stream = getattr(handler, "stream", None)
    return type(handler) is logging.StreamHandler and stream in (
        sys.stdout,
        sys.stderr,
        sys.__stdout__,
        sys.__stderr__,
    )
