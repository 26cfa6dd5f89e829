"""A real headless Chromium for browser tests: Debian's `chromium` driven by Playwright.

The browser comes from the system (`make browser`, called by `make test`), never from
Playwright's download. Without it, or without the playwright package, a test using the `page`
fixture is skipped with the reason. Screenshots are saved under `.run/screenshots/` and checked
not to be blank.
"""

from __future__ import annotations

import shutil
import struct
import zlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / ".run" / "screenshots"


def chromium_path() -> str | None:
    """The system Chromium, if installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
async def page() -> AsyncIterator[Any]:
    """A fresh page of a headless Chromium (skipped when no browser is installed)."""
    executable = chromium_path()
    if executable is None:
        pytest.skip("no chromium installed: `make browser` (apt-get install chromium)")
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed: `make install`")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, headless=True)
        try:
            context = await browser.new_context(viewport={"width": 1280, "height": 900})
            yield await context.new_page()
        finally:
            await browser.close()


def png_colours(data: bytes) -> int:
    """How many different byte values the image's pixel data holds (a blank page: very few)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, idat = 8, b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        if kind == b"IDAT":
            idat += data[position + 8 : position + 8 + length]
        position += 12 + length
    return len(set(zlib.decompress(idat)))


async def screenshot(page: Any, name: str) -> Path:
    """Save the page under .run/screenshots/NAME.png and check that it is not blank."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    data = await page.screenshot(path=str(path), full_page=True)
    assert png_colours(data) > 16, f"{path} looks blank"
    return path
