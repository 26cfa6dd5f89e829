"""The console in a real headless Chromium: log in, read the overview; a screenshot per page
under .run/screenshots/ (skipped, with the reason, where no Chromium is installed)."""

from __future__ import annotations

import pytest

from tests.support.browser import page, screenshot
from tests.support.console import PASSWORD

pytestmark = pytest.mark.integration
__all__ = ["page"]


async def test_given_a_browser_when_the_operator_logs_in_then_the_overview_is_shown(
    console_factory, page
):
    async with console_factory() as console:
        await page.goto(f"{console.url}/")
        assert page.url.endswith("/login?next=/")
        await page.fill("input[name=password]", "not the password at all")
        await page.click("button[type=submit]")
        assert await page.text_content("p.error") == "Wrong password."
        await screenshot(page, "console-login")

        await page.fill("input[name=password]", PASSWORD)
        await page.click("button[type=submit]")
        await page.wait_for_selector("h1:text('Overview')")
        assert await page.text_content("#dead-letters h2") == "Dead letters"
        assert await page.locator("#hooks tbody tr").count() == 2
        await screenshot(page, "console-overview")

        await page.click("nav a:text('Activity register')")
        await page.wait_for_selector("h1:text('Activity register')")
        await screenshot(page, "console-runs")
        await page.click("nav a:text('Resource')")
        await page.fill("input[name=product]", "77")
        await page.click("button:text('Look up')")
        await page.wait_for_selector("h2:text('product 77: last sync per destination')")
        await page.click("a:text('Resync product 77 now')")
        await page.wait_for_selector("h1:text('Resync product 77?')")
        await screenshot(page, "console-resync-confirm")
        await page.click("a:text('Cancel')")
        await page.wait_for_selector("h2:text('product 77: last sync per destination')")

        await page.click("button:text('Log out')")
        await page.wait_for_selector("input[name=password]")
