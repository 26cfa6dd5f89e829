"""Structured logging (structlog) shared by every service.

Every log line carries the context bound with `structlog.contextvars` (the event id above all), so
`grep <event_id>` follows one event from the ingress to the last write of every service.
"""

from __future__ import annotations

import json
import logging
import sys
from typing import Any, Literal

import orjson
import structlog


def render_json(event: dict[str, Any], **options: Any) -> str:
    """One JSON log line by orjson (a fraction of `json.dumps`'s cost per line); a value orjson
    refuses (an integer past 64 bits) falls back to `json.dumps`, so a line is never lost."""
    default = options.get("default")
    try:
        return orjson.dumps(event, default=default, option=orjson.OPT_NON_STR_KEYS).decode()
    except TypeError:
        return json.dumps(event, **options)


def configure_logging(
    log_format: Literal["json", "console"] = "json", level: str = "info", *, service: str = ""
) -> None:
    """Route structlog and stdlib logging to stderr as JSON lines (or coloured console)."""
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
    numeric = logging.getLevelName(level.upper())
    structlog.configure(
        processors=[*shared, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        cache_logger_on_first_use=True,
    )
    # stdlib loggers (FastStream, aiohttp, aio-pika) go through the same processors, so their
    # lines carry the bound event id too.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
            foreign_pre_chain=[*shared, structlog.stdlib.add_logger_name],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(numeric)
    for noisy in ("aio_pika", "aiormq", "pymongo"):
        logging.getLogger(noisy).setLevel(max(numeric, logging.WARNING))
    if service:
        structlog.contextvars.bind_contextvars(service=service)
