"""Logs: with LOG_FORMAT=json every line is one JSON object, a library's own terminal handler
included (FastStream's); FastStream's message id is the event id; httpx only at debug."""

from __future__ import annotations

import json
import logging
import sys

import pytest
import structlog

from storebridge_shared.ops.logs import configure_logging, faststream_logger


def lines(capture: pytest.CaptureFixture[str]) -> list[dict]:
    return [json.loads(line) for line in capture.readouterr().err.splitlines()]


def test_given_a_library_with_its_own_coloured_handler_when_configured_then_its_lines_are_json(
    stderr,
):
    library = logging.getLogger("colourful.library")
    library.propagate = False
    library.addHandler(logging.StreamHandler(sys.stderr))

    configure_logging("json", "info", service="catalog-sync")
    library.info("app starting...")

    text = stderr.readouterr().err
    (line,) = [json.loads(line) for line in text.splitlines()]
    assert line["event"] == "app starting..." and line["service"] == "catalog-sync"
    assert "\x1b[" not in text


def test_given_a_faststream_record_when_logged_then_its_full_message_id_is_the_event_id(stderr):
    configure_logging("json", "info")
    event_id = "c89abd0c64b740e6b15281a954e95a96"

    extra = {"queue": "ns.catalog-sync", "exchange": "ns.events", "message_id": event_id}
    faststream_logger().info("Received", extra=extra)

    (line,) = lines(stderr)
    assert (line["event"], line["event_id"], line["queue"]) == (
        "Received",
        event_id,
        extra["queue"],
    )
    assert "message_id" not in line


def test_given_a_bound_event_id_when_any_library_logs_then_the_line_carries_it(stderr):
    configure_logging("json", "info")

    with structlog.contextvars.bound_contextvars(event_id="e1"):
        logging.getLogger("aiohttp.access").warning("slow")
        structlog.get_logger().info("catalog.synced")

    assert [line["event_id"] for line in lines(stderr)] == ["e1", "e1"]


@pytest.mark.parametrize(("level", "shown"), [("info", False), ("debug", True)])
def test_given_a_log_level_when_httpx_logs_a_request_then_only_debug_shows_it(stderr, level, shown):
    configure_logging("json", level)

    logging.getLogger("httpx").info('HTTP Request: GET http://x/ "HTTP/1.1 200 OK"')

    assert bool(lines(stderr)) is shown


def test_given_warning_level_when_faststream_logs_at_info_then_nothing_is_written(stderr):
    configure_logging("json", "warning")
    faststream_logger().setLevel(logging.INFO)  # FastStream sets its logger's level itself

    faststream_logger().info("Received")

    assert stderr.readouterr().err == ""


def test_given_a_structlog_line_when_written_then_it_is_one_write_with_its_newline(
    stderr, monkeypatch
):
    writes: list[str] = []
    configure_logging("json", "info")
    monkeypatch.setattr(sys.stderr, "write", writes.append)

    structlog.get_logger().info("webhook_accepted", event_id="e1")

    assert len(writes) == 1 and writes[0].endswith("}\n")
