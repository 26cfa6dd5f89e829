"""Admin endpoints (reset, fixtures, state) and the persistence file."""

from __future__ import annotations

import json

from storebridge_sandbox.testing import wait_until

STORE = "abc123"
PRODUCT = {"name": "Persisted Pot", "type": "physical", "weight": 1, "price": 20}


async def test_given_changes_and_hooks_when_reset_then_the_seed_is_back_and_hooks_are_gone(
    sandbox, api, subscribe
):
    await subscribe(api, "store/order/created", "http://127.0.0.1:9/h")
    await api.delete("/v3/catalog/products/79")
    await sandbox.set_faults(STORE, latency_ms=5)
    await sandbox.reset(STORE)
    assert (await api.get("/v3/catalog/products/79")).status_code == 200
    assert (await api.get("/v3/hooks")).json()["data"] == []
    faults = (await sandbox.admin.get(f"/_sandbox/stores/{STORE}/faults")).json()
    assert faults["latency_ms"] == 0
    assert (await sandbox.stats(STORE))["total_calls"] == 2


async def test_given_a_fixture_when_loaded_then_it_replaces_the_data_and_fires_nothing(
    sandbox, api, receiver, subscribe
):
    await subscribe(api, "store/product/created", receiver.url)
    fixture = {
        "categories": [{"id": 5, "name": "Only", "parent_id": 0}],
        "products": [{"id": 500, **PRODUCT, "categories": [5]}],
    }
    await sandbox.load_fixture(fixture, STORE)
    products = (await api.get("/v3/catalog/products")).json()["data"]
    assert [p["id"] for p in products] == [500]
    assert (await api.get("/v2/orders")).status_code == 204
    assert len((await api.get("/v3/hooks")).json()["data"]) == 1
    assert (await sandbox.stats(STORE))["deliveries"] == {}


async def test_given_the_state_endpoint_when_read_then_every_table_is_there(sandbox):
    state = await sandbox.state(STORE)
    assert state["store_hash"] == STORE
    assert len(state["tables"]["products"]) == 15
    assert {"variants", "orders", "hooks", "listings"} <= set(state["tables"])


async def test_given_a_state_dump_when_loaded_as_a_fixture_then_it_round_trips(sandbox, api):
    await api.post("/v3/catalog/products", json=PRODUCT)
    dump = await sandbox.state(STORE)
    await sandbox.reset(STORE)
    await sandbox.load_fixture(dump, STORE)
    found = await api.get("/v3/catalog/products", params={"name": PRODUCT["name"]})
    assert len(found.json()["data"]) == 1


async def test_given_a_state_file_when_the_sandbox_restarts_then_the_state_survives(
    make_sandbox, tmp_path
):
    path = tmp_path / "sandbox-state.json"
    async with make_sandbox(state_file=path) as sandbox, sandbox.api_client(STORE) as api:
        product_id = (await api.post("/v3/catalog/products", json=PRODUCT)).json()["data"]["id"]
        await api.post(
            "/v3/hooks", json={"scope": "store/order/created", "destination": "http://h"}
        )
        await wait_until(path.exists)
    saved = json.loads(path.read_text())
    assert STORE in saved["stores"]
    async with make_sandbox(state_file=path) as sandbox, sandbox.api_client(STORE) as api:
        product = await api.get(f"/v3/catalog/products/{product_id}")
        hooks = (await api.get("/v3/hooks")).json()["data"]
        created = await api.post("/v3/catalog/products", json={**PRODUCT, "name": "Another"})
    assert product.json()["data"]["name"] == PRODUCT["name"]
    assert [h["scope"] for h in hooks] == ["store/order/created"]
    assert created.json()["data"]["id"] == product_id + 1


async def test_given_the_store_list_when_read_then_hashes_and_tokens_are_given(sandbox):
    stores = (await sandbox.admin.get("/_sandbox/stores")).json()
    assert [s["store_hash"] for s in stores] == [STORE, "xyz789"]
    assert stores[0]["tokens"][0]["token"] == sandbox.token(STORE)


async def test_given_no_seed_fixture_when_started_then_stores_are_empty_but_storefront_exists(
    make_sandbox,
):
    async with make_sandbox(seed_fixture=None) as sandbox, sandbox.api_client(STORE) as api:
        products = (await api.get("/v3/catalog/products")).json()["data"]
        channels = (await api.get("/v3/channels")).json()["data"]
    assert products == []
    assert [c["id"] for c in channels] == [1]


async def test_given_a_store_started_with_empty_when_served_and_reset_then_it_has_no_catalog():
    from storebridge_cli.commands.sandbox import sandbox_config
    from storebridge_cli.main import build_parser
    from storebridge_sandbox.testing import running_sandbox

    stores = ["--store", "storea:tok-a", "--store", "storeb:tok-b"]
    arguments = build_parser().parse_args(["sandbox", "--port", "0", *stores, "--empty", "storeb"])
    async with running_sandbox(sandbox_config(arguments)) as running:
        for _ in range(2):
            full, empty = await running.state("storea"), await running.state("storeb")
            assert len(full["tables"]["products"]) > 0
            assert empty["tables"].get("products", []) == []
            assert empty["tables"].get("orders", []) == []
            await running.reset()
