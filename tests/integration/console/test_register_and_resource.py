"""The activity register, a run's items, the resource lookup and "resync now", over HTTP against
real MongoDB (or the stand-in) and RabbitMQ, and end to end with the running catalog-sync."""

from __future__ import annotations

import re

import pytest

from storebridge_catalog_sync.outcomes import DestinationResult, Status, SyncOutcome
from storebridge_catalog_sync.register import BackfillRun, now_ms, record_outcome
from storebridge_shared.records.activity import HOUR_MS
from storebridge_shared.store.register import RunStore
from tests.integration.catalog_sync.conftest import TOKENS, A, B, world
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration
__all__ = ["world"]

MUG = {"name": "Console Mug", "type": "physical", "sku": "CON-MUG-1", "price": 9.5, "weight": 0.3}


def outcome(source_id: int, destination: str, status: Status, **fields) -> SyncOutcome:
    result = DestinationResult(destination, status, destination_id=7000 + source_id, **fields)
    return SyncOutcome("product", source_id, (result,), source_calls=1, sku=f"SKU-{source_id}")


async def test_given_runs_of_two_destinations_then_the_register_lists_each_with_its_counters(
    console, db
):
    start = now_ms() // HOUR_MS * HOUR_MS - 2 * HOUR_MS
    backfill = BackfillRun(db, "backfill:c1", "C")
    await backfill.start(start)
    backfill.count("created", 40)
    await backfill.finish(131, "succeeded")
    await record_outcome(db, outcome(1, "B", Status.UPDATED, api_calls=2))
    await record_outcome(db, outcome(2, "B", Status.FAILED, reason="422: bad weight"))

    page = (await console.http.get("/runs")).text

    assert "<h2>B</h2>" in page and "<h2>C</h2>" in page
    assert re.search(
        r"<td>backfill</td>.*?<td>succeeded</td>\s*<td class=\"num\">40</td>", page, re.S
    )
    row = re.search(r"<td>events</td>.*?<td>open</td>(.*?)</tr>", page, re.S)
    assert row, page
    assert re.findall(r'<td class="num">(\d+)</td>', row[1]) == ["0", "1", "0", "0", "1", "4"]


async def test_given_a_run_then_its_detail_lists_its_items_failures_first_with_the_reason(
    console, db
):
    await record_outcome(db, outcome(1, "B", Status.CREATED))
    await record_outcome(db, outcome(2, "B", Status.FAILED, reason="422: bad weight"))
    [run] = await RunStore(db).latest(5)

    page = (await console.http.get(f"/runs/{run.run_id}")).text

    failed, created = page.index("<td>product 2</td>"), page.index("<td>product 1</td>")
    assert failed < created
    assert "<td>failed</td>" in page and "422: bad weight" in page
    assert '<a href="/resource?product=1">look up</a>' in page
    assert (await console.http.get("/runs/events:B:1")).status_code == 404


def category_outcome(source_id: int, *results: DestinationResult) -> SyncOutcome:
    return SyncOutcome("category", source_id, results, source_calls=1)


async def test_given_categories_in_two_destinations_then_a_run_shows_them_per_destination_and_disabled_apart(
    console, db
):
    await record_outcome(db, outcome(1, "B", Status.CREATED))
    await record_outcome(
        db,
        category_outcome(
            10,
            DestinationResult("B", Status.UPDATED, destination_id=110),
            DestinationResult("C", Status.FAILED, "422: name taken", destination_id=210),
        ),
    )
    await record_outcome(
        db,
        category_outcome(
            11,
            DestinationResult("B", Status.CREATED, destination_id=111),
            DestinationResult("C", Status.CREATED, destination_id=211),
        ),
    )
    await record_outcome(
        db, category_outcome(12, DestinationResult("B", Status.DISABLED, "deleted in source", 112))
    )
    [run] = [r for r in await RunStore(db).latest(5) if r.destination == "B"]

    page = (await console.http.get(f"/runs/{run.run_id}")).text

    written = re.search(r'<section id="categories">(.*?)</section>', page, re.S)
    disabled = re.search(r'<section id="categories-disabled">(.*?)</section>', page, re.S)
    assert written and disabled, page
    assert "<li>B: updated (id 110)</li>" in written[1]
    assert "<li>C: failed (id 210): 422: name taken</li>" in written[1]
    assert "same in B, C" in written[1]  # category 11: created in both
    assert "category 12" not in written[1]
    assert "<td>category 12</td><td>disabled</td>" in disabled[1]
    assert "category 10" not in disabled[1] and "category 11" not in disabled[1]
    items = page[: page.index('<section id="categories">')]
    assert "<td>product 1</td>" in items and "<td>category" not in items


async def test_given_a_sku_then_the_resource_page_shows_its_last_sync_per_destination(console, db):
    await record_outcome(db, outcome(5, "B", Status.CREATED, api_calls=3))
    await record_outcome(db, outcome(5, "C", Status.SKIPPED, reason="not listed"))

    page = (await console.http.get("/resource", params={"sku": "SKU-5"})).text

    assert "<h2>SKU SKU-5: last sync per destination</h2>" in page
    assert "<td>B</td>" in page and "<td>C</td>" in page and "not listed" in page
    # API calls per destination: its own calls there plus its share of A's one read
    assert re.search(
        r'<td>B</td>\s*<td>created</td><td>[^<]+</td><td>7005</td><td class="num">4</td>', page
    )
    assert re.search(
        r'<td>C</td>\s*<td>skipped</td><td>[^<]+</td><td>7005</td><td class="num">1</td>', page
    )
    assert "/resource/resync?kind=product&amp;id=5" in page
    assert (await console.http.get("/resource", params={"product": "x"})).status_code == 400
    never = (await console.http.get("/resource", params={"category": "9"})).text
    assert "nothing recorded" in never


async def test_given_a_synced_product_when_resynced_from_the_console_then_catalog_sync_reconciles_it(
    world, console_factory
):
    async with world() as w:
        created = await w.create_product(**MUG)
        await w.until_b(lambda w: w.b_product("CON-MUG-1"))
        await wait_until(lambda: w.settled(created["id"]))
        values = {"bigcommerce_api_url": w.sandbox.url, "store_a_hash": A, "store_b_hash": B}
        values |= {"store_a_access_token": TOKENS[A], "store_b_access_token": TOKENS[B]}
        async with console_factory(**values) as console:
            await console.log_in()
            await console.until_broker()
            page = (await console.http.get("/resource", params={"product": created["id"]})).text
            assert "<td>created</td>" in page

            ask = f"/resource/resync?kind=product&id={created['id']}"
            confirm = await console.http.get(ask)
            assert "Resync product" in confirm.text and 'method="post"' in confirm.text
            form = {"kind": "product", "id": str(created["id"])}
            assert (await console.http.post("/resource/resync", data=form)).status_code == 403
            token = await console.csrf(ask)
            done = await console.http.post("/resource/resync", data=form | {"csrf_token": token})
            assert done.status_code == 303
            event_id = re.search(r"resync=([0-9a-f]+)&published=1", done.headers["location"])[1]

            async def processed() -> bool:
                stored = await w.db.events.find_one({"_id": event_id})
                return stored is not None and stored["status"] == "processed"

            await wait_until(processed, timeout=30)
            stored = await w.db.events.find_one({"_id": event_id})
            assert stored["scope"] == "store/product/updated"
            assert stored["bc_hash"].startswith("console-resync:")
            page = (await console.http.get(done.headers["location"])).text
            assert "<td>unchanged</td>" in page  # nothing differed: nothing written
            assert "Resync requested: event" in page
            b_product = await w.b_product("CON-MUG-1")
            assert b_product is not None
            b_id = b_product["id"]
            links = re.search(r'<section id="links">(.*?)</section>', page, re.S)
            assert links, page
            assert re.search(
                rf'<td>product</td><td class="num">{created["id"]}</td><td>B \({B}\)</td>'
                rf'<td class="num">{b_id}</td><td>CON-MUG-1</td>',
                links[1],
            ), links[1]
            touching = re.search(r'<section id="touching-events">(.*?)</section>', page, re.S)
            assert touching, page
            listed = re.findall(r'<a href="/events/([^"]+)">', touching[1])
            assert listed[0] == event_id  # newest first: the resync, then the webhook's
            assert len(listed) >= 2 and "store/product/created" in touching[1]
            opened = await console.http.get(f"/events/{listed[-1]}")
            assert opened.status_code == 200 and "store/product/created" in opened.text
