"""Fixtures of the shared package's unit tests."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
import structlog


@pytest.fixture
def stderr(capsys) -> Iterator[pytest.CaptureFixture[str]]:
    """What the logs write (capsys), with logging and structlog put back afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield capsys
    root.handlers[:] = handlers
    root.setLevel(level)
    structlog.reset_defaults()
    structlog.contextvars.clear_contextvars()
