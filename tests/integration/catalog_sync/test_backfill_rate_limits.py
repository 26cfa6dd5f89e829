"""A backfill through 429 storms with short rate-limit windows (the sandbox's `failures` fault
answering 429 with `X-Rate-Limit-Time-Reset-Ms`): waits are bounded by time
(BIGCOMMERCE_RATE_LIMIT_WAIT_SECS), not by a count; a product whose read of A stays
rate-limited fails alone; a read the whole run needs ends the command with one line."""

from __future__ import annotations

import asyncio
import os
import sys
from collections import Counter
from contextlib import asynccontextmanager
from typing import Any

import pytest
from pydantic import SecretStr

from storebridge_catalog_sync.backfill import backfill_catalog
from storebridge_catalog_sync.context import Destination
from storebridge_catalog_sync.store.links import LinkRepository
from storebridge_sandbox.config import SandboxConfig, StoreConfig
from storebridge_sandbox.testing import running_sandbox
from storebridge_shared.bigcommerce import BigCommerceClient, ClientConfig, RetryPolicy
from storebridge_shared.settings import StoreCredentials
from tests.bench.bench_backfill import catalog_fixture
from tests.support.mongo import uri_with_database

pytestmark = pytest.mark.integration

A, B = "rlsrca", "rldstb"
CONFIG = SandboxConfig(
    stores=[StoreConfig.from_spec(f"{A}:tok-a"), StoreConfig.from_spec(f"{B}:tok-b")],
    seed_fixture=None,
)
INCLUDE = "variants,images,custom_fields,options,modifiers,bulk_pricing_rules,videos"
SHORT_WINDOW = {"X-Rate-Limit-Requests-Left": "0", "X-Rate-Limit-Time-Reset-Ms": "5"}


def storm(path: str, *, count: int | None = None, **match: Any) -> dict[str, Any]:
    """GETs of `path` answered 429 with a 5 ms window, `count` times (None: for ever)."""
    return {"path": path, "method": "GET", "status": 429, "count": count, "headers": SHORT_WINDOW,
            **match}  # fmt: skip


def credentials(name: str, store_hash: str, token: str) -> StoreCredentials:
    return StoreCredentials(name=name, store_hash=store_hash, access_token=SecretStr(token))


@asynccontextmanager
async def clients(sandbox, db, rate_limit_wait_s: float = 300.0):
    config = ClientConfig(retry=RetryPolicy(rate_limit_wait_s=rate_limit_wait_s))
    async with (
        BigCommerceClient(credentials("A", A, "tok-a"), api_url=sandbox.url, config=config) as a,
        BigCommerceClient(credentials("B", B, "tok-b"), api_url=sandbox.url, config=config) as b,
    ):
        yield a, Destination("B", b, LinkRepository(db, A, B))


async def test_given_a_storm_of_15_429s_on_a_s_page_reads_when_backfilled_then_it_completes(db):
    async with running_sandbox(CONFIG) as sandbox:
        await sandbox.load_fixture(catalog_fixture(12), A)
        await sandbox.load_fixture({}, B)
        await sandbox.set_faults(A, failures=[storm("/v3/catalog/products", count=15)])

        async with clients(sandbox, db) as (source, dest):
            report = await backfill_catalog(db, source, dest)
            assert source.stats.rate_limited == 15  # more than the old bound of 10 in a row

        assert report.status == "succeeded", report.lines()
        assert report.counts["product"] == Counter(created=12)
        assert len((await sandbox.state(B))["tables"]["products"]) == 12


async def test_given_one_product_of_a_rate_limited_past_the_budget_then_it_alone_fails_with_the_reason(
    db,
):
    async with running_sandbox(CONFIG) as sandbox:
        await sandbox.load_fixture(catalog_fixture(8), A)
        await sandbox.load_fixture({}, B)
        limited = (await sandbox.state(A))["tables"]["products"][2]
        await sandbox.set_faults(
            A,
            failures=[
                storm("/v3/catalog/products", query={"include": INCLUDE}),  # every page read
                storm(f"/v3/catalog/products/{limited['id']}"),  # and this product's own read
            ],
        )

        async with clients(sandbox, db, rate_limit_wait_s=0.05) as (source, dest):
            report = await backfill_catalog(db, source, dest)

        assert report.status == "failures"
        assert report.counts["product"] == Counter(created=7, failed=1)
        [(kind, key, reason)] = report.failures
        assert (kind, key) == ("product", str(limited["id"]))
        assert "read from A failed: RateLimited" in reason
        assert "BIGCOMMERCE_RATE_LIMIT_WAIT_SECS=0.05" in reason
        assert len((await sandbox.state(B))["tables"]["products"]) == 7


async def test_given_a_s_product_listing_rate_limited_past_the_budget_when_the_command_runs_then_one_line_and_exit_3(
    mongodb_uri, database_name, db
):
    async with running_sandbox(CONFIG) as sandbox:
        await sandbox.load_fixture(catalog_fixture(4), A)
        await sandbox.load_fixture({}, B)
        await sandbox.set_faults(A, failures=[storm("/v3/catalog/products")])
        environment = os.environ | {
            "BIGCOMMERCE_API_URL": sandbox.url,
            "MONGODB_URI": uri_with_database(mongodb_uri, database_name),
            "STORE_A_HASH": A,
            "STORE_A_ACCESS_TOKEN": "tok-a",
            "STORE_B_HASH": B,
            "STORE_B_ACCESS_TOKEN": "tok-b",
            "BIGCOMMERCE_RATE_LIMIT_WAIT_SECS": "0.05",
            "LOG_LEVEL": "error",
        }
        command = [sys.executable, "-m", "storebridge_cli", "backfill", "catalog", "--no-progress"]
        process = await asyncio.create_subprocess_exec(
            *command,
            env=environment,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        _, err = await process.communicate()

    lines = err.decode().strip().splitlines()
    assert process.returncode == 3, lines
    assert "Traceback" not in err.decode()
    assert lines[-1].startswith("storebridge backfill: BigCommerce: GET /stores/rlsrca/v3/")
    assert "still rate-limited (429)" in lines[-1]
    assert "BIGCOMMERCE_RATE_LIMIT_WAIT_SECS=0.05" in lines[-1]
