"""Writes whose outcome is unknown are reported to the task that watches, retried or not."""

from __future__ import annotations

import pytest

from storebridge_shared.bigcommerce import resources, watching_uncertain_writes
from tests.integration.bigcommerce.conftest import STORE

pytestmark = pytest.mark.integration


async def test_given_a_put_held_past_the_read_timeout_when_retried_then_the_watch_has_it(
    sandbox, client_for
):
    held = {"path": "/v3/catalog/products/77", "method": "PUT", "count": 1}
    await sandbox.set_faults(
        STORE, hold_then_apply=[{**held, "hold_ms": 1000, "apply_after_ms": 0}]
    )
    async with client_for(sandbox, read_timeout_s=0.3) as bc:
        with watching_uncertain_writes() as unsure:
            product = await resources.update_product(bc, 77, {"price": 12})
            await resources.get_product(bc, 77)
            await resources.update_product(bc, 77, {"price": 13})

    assert product.get("price") == 12, "the retry was answered"
    assert [(w.method, w.path, w.reason) for w in unsure] == [
        ("PUT", f"/stores/{STORE}/v3/catalog/products/77", "ReadTimeout")
    ]


async def test_given_a_504_on_a_put_then_only_the_watching_task_records_it(sandbox, client_for):
    gateway = {"path": "/v3/catalog/products/77", "method": "PUT", "status": 504, "count": 1}
    async with client_for(sandbox) as bc:
        await sandbox.set_faults(STORE, failures=[gateway])
        await resources.update_product(bc, 77, {"price": 12})  # nobody watches: nothing kept
        await sandbox.set_faults(STORE, failures=[gateway])
        with watching_uncertain_writes() as unsure:
            await resources.update_product(bc, 77, {"price": 13})
            await resources.get_product(bc, 77)

    assert [(w.method, w.reason) for w in unsure] == [("PUT", "HTTP 504")]
