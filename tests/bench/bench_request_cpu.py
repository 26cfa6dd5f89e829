"""CPU of the ingress's own steps per webhook, in this process: best of several timed loops.

    python -m tests.bench.bench_request_cpu [--number 5000] [--repeat 7]

A busy machine stretches a closed-loop benchmark's figures; the best of several tight loops of
one step is much steadier, so before/after comparisons of a step are made here. Each step is
timed as the request path runs it, with the form it replaced beside it where there is one.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import timeit
from collections.abc import Callable
from typing import Any

import structlog
from aiohttp import web

from storebridge_ingress.intake import parse_delivery
from storebridge_shared.broker.publishing import envelope_message
from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.ops.logs import render_json
from storebridge_shared.store.event_log import _encoded
from tests.bench.bench_ingress import body

Step = Callable[[], object]


def _log_renderer(serializer: Callable[..., str]) -> Step:
    """The structlog chain of one `webhook_accepted` line, up to the rendered string."""
    processors: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.StackInfoRenderer(),
        structlog.processors.format_exc_info,
        structlog.processors.JSONRenderer(serializer=serializer),
    ]
    fields = {"event_id": "0" * 32, "scope": "store/product/updated", "store_hash": "bench1"}

    def render() -> object:
        event: object = {"event": "webhook_accepted", **fields, "duplicate": False}
        for processor in processors:
            event = processor(None, "info", event)
        return event

    return render


def _timeouts() -> dict[str, Step]:
    loop = asyncio.new_event_loop()

    async def confirmed() -> None:
        await asyncio.sleep(0)

    async def with_wait_for() -> None:
        await asyncio.wait_for(confirmed(), 3.0)

    async def with_timeout() -> None:
        async with asyncio.timeout(3.0):
            await confirmed()

    return {
        "publish timeout: asyncio.wait_for (before)": lambda: loop.run_until_complete(
            with_wait_for()
        ),
        "publish timeout: asyncio.timeout": lambda: loop.run_until_complete(with_timeout()),
        "(an empty run_until_complete, for reference)": lambda: loop.run_until_complete(
            confirmed()
        ),
    }


def steps() -> dict[str, Step]:
    """Every timed step, by name."""
    raw = body(1, "cpu")
    delivery = parse_delivery(raw)
    envelope = EventEnvelope.from_delivery(delivery)
    answer = {"event_id": envelope.event_id, "duplicate": False}
    return {
        "parse + validate the body (orjson, pydantic)": lambda: parse_delivery(raw),
        "build the envelope": lambda: EventEnvelope.from_delivery(delivery),
        "encode the event document (BSON)": lambda: _encoded(envelope),
        "build the AMQP message": lambda: envelope_message(envelope),
        "log line: structlog + json.dumps (before)": _log_renderer(json.dumps),
        "log line: structlog + orjson": _log_renderer(render_json),
        "answer: web.json_response (before)": lambda: web.json_response(answer),
        "answer: orjson body": lambda: web.Response(
            body=__import__("orjson").dumps(answer), content_type="application/json"
        ),
        **_timeouts(),
    }


def run(number: int, repeat: int) -> dict[str, float]:
    """Best microseconds per call of each step."""
    logging.disable(logging.CRITICAL)
    return {
        name: min(timeit.repeat(step, number=number, repeat=repeat)) / number * 1e6
        for name, step in steps().items()
    }


def main() -> None:
    """Entry point."""
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--number", type=int, default=5000)
    options.add_argument("--repeat", type=int, default=7)
    args = options.parse_args()
    print(f"{'step':50} {'us/call':>8}")
    for name, micros in run(args.number, args.repeat).items():
        print(f"{name:50} {micros:8.1f}")


if __name__ == "__main__":
    main()
