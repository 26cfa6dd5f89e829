"""The console in a real headless Chromium: log in, read the pages, requeue a dead letter after a
fix and see it processed; a screenshot per page under .run/screenshots/ (skipped, with the
reason, where no Chromium is installed)."""

from __future__ import annotations

import pytest

from storebridge_shared.broker.dead_letters import dead_letter_queue
from storebridge_shared.broker.failures import PermanentFailure
from storebridge_shared.broker.topology import Topology
from storebridge_shared.store.register import RunStore
from tests.integration.catalog_sync.conftest import TOKENS, A, B, world
from tests.integration.console.test_orders import EMAIL, given_orders_with_events
from tests.integration.janitor.conftest import envelope
from tests.integration.janitor.consumer import SERVICE, consuming, publishing
from tests.support.browser import page, screenshot
from tests.support.console import PASSWORD
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration
__all__ = ["page", "world"]

KETTLE = {
    "name": "Browser Kettle",
    "type": "physical",
    "sku": "BRW-KET-1",
    "price": 30,
    "weight": 1,
}


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

        await page.click("nav a:text('Event log')")
        await page.fill("input[name=store]", "abc123")
        await page.click("button:text('Search')")
        await page.wait_for_selector("text=0 event(s).")
        await page.click("a:text('Replay this window')")
        await page.wait_for_selector("h1:text('Replay 0 event(s) of abc123?')")
        await screenshot(page, "console-replay-preview")
        await page.click("a:text('Back')")
        await page.wait_for_selector("h1:text('Event log')")
        await screenshot(page, "console-events")

        await page.click("button:text('Log out')")
        await page.wait_for_selector("input[name=password]")


async def log_in(page, console) -> None:
    await page.goto(f"{console.url}/login")
    await page.fill("input[name=password]", PASSWORD)
    await page.click("button[type=submit]")
    await page.wait_for_selector("h1:text('Overview')")


async def test_given_a_dead_letter_when_requeued_in_the_browser_after_a_fix_then_it_is_processed(
    console_factory, page, broker
):
    fixed, handled = False, []

    async def replicate(event) -> None:
        if not fixed:
            raise PermanentFailure(f"order {event.resource_id} references a missing product")
        handled.append(event.event_id)

    dead = envelope(resource_id="41")
    topology = Topology(broker.broker_namespace)
    async with (
        console_factory() as console,
        consuming(broker, replicate),
        publishing(broker) as publisher,
        dead_letter_queue(broker.amqp_url, topology, SERVICE) as dlq,
    ):
        await publisher.publish(dead)

        async def one_dead() -> bool:
            return await dlq.count() == 1

        await wait_until(one_dead)
        await log_in(page, console)
        await page.click("nav a:text('Dead letters')")
        await page.wait_for_selector(f"#dlq-{SERVICE} a:text('{dead.event_id}')")
        await screenshot(page, "console-dead-letters")
        await page.click(f"a:text('{dead.event_id}')")
        await page.wait_for_selector("td.reason:text('references a missing product')")
        assert "x-storebridge-service" in await page.text_content("pre")
        await screenshot(page, "console-dead-letter")

        fixed = True
        await page.click("a:text('Requeue…')")
        await page.wait_for_selector("h1:text('Requeue the dead letter')")
        await page.click("button:text('Requeue it')")
        await page.wait_for_selector(f"p.notice:text('{SERVICE}: 1 message(s) sent back')")

        async def processed() -> bool:
            return handled == [dead.event_id]

        await wait_until(processed)
        await wait_until(lambda: dlq_empty(dlq))
        await page.reload()
        assert "0 waiting in" in await page.text_content(f"#dlq-{SERVICE}")
        await screenshot(page, "console-dead-letters-requeued")


async def dlq_empty(dlq) -> bool:
    return await dlq.count() == 0


async def test_given_a_sync_when_the_operator_opens_the_register_then_its_run_and_resource_show(
    world, console_factory, page
):
    async with world() as w:
        values = {"bigcommerce_api_url": w.sandbox.url, "store_a_hash": A, "store_b_hash": B}
        values |= {"store_a_access_token": TOKENS[A], "store_b_access_token": TOKENS[B]}
        async with console_factory(**values) as console:
            await log_in(page, console)
            await page.click("nav a:text('Activity register')")
            await page.wait_for_selector("text=No sync runs recorded yet.")

            created = await w.create_product(**KETTLE)
            await w.until_b(lambda w: w.b_product("BRW-KET-1"))

            async def a_run() -> bool:
                return bool(await RunStore(w.db).latest(1))

            await wait_until(a_run)
            await page.reload()
            row = page.locator("section.destination tbody tr").first
            await row.wait_for()
            cells = await row.locator("td").all_text_contents()
            assert cells[0] == "events" and cells[3] == "open"
            assert cells[4:9] == ["1", "0", "0", "0", "0"]  # created 1
            await screenshot(page, "console-runs-after-sync")

            await row.locator("a:text('items')").click()
            await page.wait_for_selector("h1:text('Run events')")
            await page.wait_for_selector(f"td:text('product {created['id']}')")
            await screenshot(page, "console-run")
            await page.click("a:text('look up')")
            await page.wait_for_selector(f"h2:text('product {created['id']}: last sync')")
            await page.wait_for_selector("#links td:text('BRW-KET-1')")
            await page.wait_for_selector("#touching-events td:text('store/product/created')")
            synced = (
                await page.locator("table.items tbody tr").first.locator("td").all_text_contents()
            )
            assert synced[2] == "B" and int(synced[6]) >= 1  # its API calls in B, A's read included
            await screenshot(page, "console-resource")
            await page.click("#touching-events a")
            await page.wait_for_selector("text=store/product/created")
            await screenshot(page, "console-event")

            await page.click("nav a:text('Orders')")
            await page.wait_for_selector("h1:text('Orders')")
            await page.wait_for_selector("#last-polls h2")
            await screenshot(page, "console-orders")


async def test_given_stored_orders_when_the_operator_opens_one_then_its_state_and_events_show(
    console_factory, page, db
):
    events = await given_orders_with_events(db)
    async with console_factory() as console:
        await log_in(page, console)
        await page.click("nav a:text('Orders')")
        await page.click("#recent-orders a:text('101')")
        await page.wait_for_selector("h2:text('Order 101 of store abc123')")
        order = page.locator("#order table.detail")
        assert "replicated (moved)" in await order.text_content()
        assert "2 Shipped" in await order.text_content()
        await page.wait_for_selector("#order-events td:text('store/cart/converted')")
        assert await page.locator("#order-events tbody tr").count() == 3
        assert EMAIL not in await page.content()
        await screenshot(page, "console-order")
        await page.click(f"#order-events a:text('{events[0].event_id}')")  # the converted cart
        await page.wait_for_selector("text=store/cart/converted")

        await page.click("nav a:text('Resource')")
        await page.select_option("select[name=store]", "abc123")
        await page.fill("input[name=order]", "104")
        await page.click("button:text('Look up order')")
        await page.wait_for_selector("#order-dead-letter a:text('dead-104')")
        assert "422 from store A" in await page.text_content("#order-dead-letter")
        await screenshot(page, "console-order-dead")
