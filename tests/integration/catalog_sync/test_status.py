"""`storebridge status`: the latest runs and one resource's last sync, printed from MongoDB."""

from __future__ import annotations

import io

import pytest

from storebridge_catalog_sync.outcomes import DestinationResult, Status, SyncOutcome
from storebridge_catalog_sync.register import BackfillRun, now_ms, record_outcome
from storebridge_cli.commands.status import print_catalog_status
from storebridge_cli.main import build_parser
from storebridge_shared.records.activity import HOUR_MS
from storebridge_shared.settings import MongoSettings
from tests.support.mongo import uri_with_database
from tests.support.settings import settings_of

pytestmark = pytest.mark.integration


async def status(mongodb_uri, database_name, *argv):
    settings = settings_of(MongoSettings, mongodb_uri=uri_with_database(mongodb_uri, database_name))
    arguments = build_parser().parse_args(["status", *argv])
    out = io.StringIO()
    code = await print_catalog_status(settings, arguments, out)
    return code, out.getvalue().splitlines()


def product(source_id, status, *, sku="", reason="") -> SyncOutcome:
    result = DestinationResult(
        "B", status, reason=reason, destination_id=5000 + source_id, api_calls=3
    )
    return SyncOutcome("product", source_id, (result,), source_calls=1, sku=sku)


async def test_given_no_runs_then_status_says_so(mongodb_uri, database_name, db):
    code, lines = await status(mongodb_uri, database_name)

    assert code == 0 and lines == ["no sync runs recorded yet"]


async def test_given_a_backfill_and_event_syncs_then_status_prints_one_row_per_run_newest_first(
    mongodb_uri, database_name, db
):
    start = now_ms() // HOUR_MS * HOUR_MS - 3 * HOUR_MS
    run = BackfillRun(db, "backfill:b1", "B")
    await run.start(start)
    run.count("created", 40)
    run.count("skipped", 2)
    await run.finish(131, "succeeded")
    await record_outcome(db, product(1, Status.UPDATED), at_ms=start + HOUR_MS + 1000)
    await record_outcome(db, product(2, Status.FAILED), at_ms=start + HOUR_MS + 71_000)
    await record_outcome(db, product(3, Status.UNCHANGED))

    code, lines = await status(mongodb_uri, database_name)

    assert code == 0
    header, *rows, _, bucket_note, calls_note = lines
    assert header.split()[:5] == ["kind", "destination", "started", "(UTC)", "duration"]
    assert "API calls" in header
    assert [row.split()[0] for row in rows] == ["events", "events", "backfill"]
    newest, older, backfill = (row.split() for row in rows)
    assert newest[4] == "hour" and newest[6:] == ["open", "0", "0", "1", "0", "0", "4"]
    assert older[5:] == ["1m10s", "failures", "0", "1", "0", "0", "1", "8"]
    assert backfill[5:] == ["succeeded", "40", "0", "0", "2", "0", "131"]
    assert "hourly bucket" in bucket_note and "catalog.synced" in calls_note


async def test_given_more_than_19_runs_then_status_prints_the_latest_19(
    mongodb_uri, database_name, db
):
    first = now_ms() - 30 * HOUR_MS
    for hour in range(25):
        await record_outcome(db, product(hour, Status.CREATED), at_ms=first + hour * HOUR_MS)

    _, lines = await status(mongodb_uri, database_name)

    assert len(lines) == 1 + 19 + 3  # the header, the runs, a blank line and two notes


async def test_given_synced_resources_then_status_by_sku_product_and_category_prints_their_last_sync(
    mongodb_uri, database_name, db
):
    await record_outcome(db, product(7, Status.CREATED, sku="MUG-7"), at_ms=now_ms() - 5000)
    await record_outcome(db, product(7, Status.FAILED, sku="MUG-7", reason="422 price"))
    category = SyncOutcome(
        "category", 19, (DestinationResult("B", Status.UNCHANGED, destination_id=61),)
    )
    await record_outcome(db, category)

    _, by_sku = await status(mongodb_uri, database_name, "--sku", "MUG-7")
    _, by_product = await status(mongodb_uri, database_name, "catalog", "--product", "7")
    _, by_category = await status(mongodb_uri, database_name, "--category", "19")
    _, unknown = await status(mongodb_uri, database_name, "--sku", "NOPE")

    assert by_sku == by_product
    [line] = by_sku
    assert line.startswith("product 7 (SKU MUG-7) -> B: failed at ")
    assert line.endswith(": 422 price") and "destination id 5007" in line
    [line] = by_category
    assert line.startswith("category 19 -> B: unchanged at ") and "destination id 61" in line
    assert unknown == ["SKU NOPE: never synced"]


async def test_given_runs_and_a_resource_when_asked_for_json_then_the_same_records_as_data(
    mongodb_uri, database_name, db
):
    import json

    await record_outcome(db, product(7, Status.FAILED, sku="MUG-7", reason="422 price"))

    _, runs = await status(mongodb_uri, database_name, "--json")
    _, states = await status(mongodb_uri, database_name, "--sku", "MUG-7", "--json")

    [run] = json.loads("\n".join(runs))
    assert (run["kind"], run["destination"], run["status"]) == ("events", "B", "open")
    assert run["counters"]["failed"] == 1 and run["duration_ms"] == 0
    [state] = json.loads("\n".join(states))
    assert (state["source_id"], state["status"], state["reason"]) == ("7", "failed", "422 price")
    assert state["skus"] == ["MUG-7"] and state["target_id"] == 5007
