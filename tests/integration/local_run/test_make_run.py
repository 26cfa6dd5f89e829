"""`make run` as a newcomer meets it: `.env.example` copied as it is, a product and an order
followed through (the README's walkthrough), Ctrl-C, and nothing left running afterwards."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from tests.integration.local_run.conftest import ROOT, StartRun
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration

EXAMPLE = (ROOT / ".env.example").read_text()
SERVICES = ("ingress", "sandbox", "catalog-sync", "order-replicator", "janitor")
"""The console is checked on its own (its base URL is a login page, not an ops endpoint)."""
TOKEN_B = {"X-Auth-Token": "sandbox-token-b"}
TOKEN_A = {"X-Auth-Token": "sandbox-token-a"}


async def b_skus(http: httpx.AsyncClient, sandbox: str) -> list[str]:
    """SKUs of store B's products, through the sandbox's API as a client sees them."""
    answer = await http.get(f"{sandbox}/stores/storeb/v3/catalog/products", headers=TOKEN_B)
    return [product["sku"] for product in answer.json()["data"]]


async def order_status(http: httpx.AsyncClient, sandbox: str, order_id: int) -> int:
    """Store A's status id of one order."""
    answer = await http.get(f"{sandbox}/stores/storea/v2/orders/{order_id}", headers=TOKEN_A)
    return int(answer.json()["status_id"])


async def logs_in_to_the_console(http: httpx.AsyncClient, console: str, banner: str) -> None:
    """The console is ready and opens with the password the banner printed."""
    found = re.search(r"operator console; password (\S+) \(generated for this run\)", banner)
    assert found, banner
    assert (await http.get(f"{console}/readyz")).status_code == 200
    login = await http.post(f"{console}/login", data={"password": found[1], "next": "/"})
    assert login.status_code == 303, login.text
    assert (await http.get(f"{console}/")).status_code == 200


async def test_given_the_example_env_copied_when_make_run_then_up_and_a_product_and_order_flow(
    start_run: StartRun,
):
    public = {
        "BIGCOMMERCE_API_URL": "https://api.bigcommerce.invalid",
        "APP_URL": "https://sync.example.invalid",
    }
    async with start_run(EXAMPLE, **public) as run:
        await run.until_printed("run: up")
        urls = run.urls()
        assert set(SERVICES) <= set(urls), run.text()
        assert "BIGCOMMERCE_API_URL=https://api.bigcommerce.invalid ignored" in run.text()
        assert "APP_URL=https://sync.example.invalid ignored" in run.text()
        sandbox = urls["sandbox"]
        async with httpx.AsyncClient(timeout=10) as http:
            for name in SERVICES[2:]:
                ready = await http.get(urls[name].replace("/metrics", "/readyz"))
                assert ready.status_code == 200, name
            assert await b_skus(http, sandbox) == [], "store B starts empty"
            await logs_in_to_the_console(http, urls["console"], run.text())

            edit = await http.put(
                f"{sandbox}/_sandbox/stores/storea/products/77", json={"price": 12.5}
            )
            sku = edit.json()["data"]["sku"]

            async def created_in_b() -> bool:
                return sku in await b_skus(http, sandbox)

            await wait_until(created_in_b, timeout=30)
            line = {"line_items": [{"product_id": 77, "quantity": 1}]}
            order = (
                await http.post(f"{sandbox}/_sandbox/stores/storea/checkout", json=line)
            ).json()

            async def moved_to_9() -> bool:
                return await order_status(http, sandbox, order["order_id"]) == 9

            await wait_until(moved_to_9, timeout=30)

        run.interrupt()
        assert await run.exit_code() == 0, run.text()
        assert "Traceback" not in run.text()
        assert run.text().rstrip().endswith("run: MongoDB stand-in stopped")
        assert run.leftovers() == []


async def test_given_mongodb_unreachable_when_make_run_then_it_says_which_is_not_ready_and_why(
    start_run: StartRun, tmp_path: Path
):
    from storebridge_shared.testing.mongodb import free_port

    closed = f"mongodb://127.0.0.1:{free_port()}/storebridge?serverSelectionTimeoutMS=500"
    # Long enough for the ingress to start answering on a loaded machine (it then answers
    # "mongodb not reachable" until the timeout); 8 s saw only "no answer" at load 13.
    async with start_run(EXAMPLE, ready_timeout=30, MONGODB_URI=closed) as run:
        code = await run.exit_code(timeout=120)

        assert code == 1
        assert "run: up" not in run.text()
        assert "run: not up: ingress is not ready: mongodb not reachable" in run.text()
        assert "Traceback" not in run.text()
        assert run.leftovers() == []
