"""Metafields end to end from A to B, each carried by its own webhook (no other edit): product,
variant, category and brand metafields created, updated and deleted in A reach B; B's own
metafields in another namespace survive; an app_only metafield is not copied."""

from __future__ import annotations

import pytest

from tests.integration.catalog_sync.conftest import A, B

pytestmark = pytest.mark.integration

COLOR = {
    "display_name": "Color",
    "type": "swatch",
    "option_values": [{"label": "Red", "sort_order": 0}, {"label": "Blue", "sort_order": 1}],
}


def mf(namespace, key, value, permission_set="read"):
    return {"namespace": namespace, "key": key, "value": value, "permission_set": permission_set}


async def call(w, store, method, path, body=None):
    """A call on a store's API (metafields have no admin path), its `data`."""
    async with w.sandbox.api_client(store) as api:
        answer = await api.request(method, f"/v3/catalog{path}", json=body)
        answer.raise_for_status()
        return answer.json()["data"] if answer.content else None


async def metafields_of(w, store, kind, resource_id):
    rows = await w.table("metafields", store)
    found = [m for m in rows if (m["resource_type"], m["resource_id"]) == (kind, resource_id)]
    return {(m["namespace"], m["key"]): (m["value"], m["permission_set"]) for m in found}


async def test_given_metafields_in_a_then_b_follows_creates_updates_and_deletes(world):
    async with world() as w:
        pid = (
            await w.create_product(name="Kettle", type="physical", sku="KTL", price=25, weight=1)
        )["id"]
        await w.until_b(lambda w: w.b_product("KTL"))
        b_pid = (await w.b_product("KTL"))["id"]
        path = f"/products/{pid}/metafields"
        code = await call(w, A, "POST", path, mf("erp", "code", "K-1", "write"))
        gone = await call(w, A, "POST", path, mf("erp", "legacy", "old"))
        await call(w, A, "POST", path, mf("secret", "token", "s3cr3t", "app_only"))
        own = mf("b_notes", "shelf", "B's own")
        await call(w, B, "POST", f"/products/{b_pid}/metafields", own)

        async def copied(w):
            found = await metafields_of(w, B, "product", b_pid)
            return ("erp", "code") in found and ("erp", "legacy") in found

        await w.until_b(copied)
        assert await metafields_of(w, B, "product", b_pid) == {
            ("erp", "code"): ("K-1", "write"),
            ("erp", "legacy"): ("old", "read"),
            ("b_notes", "shelf"): ("B's own", "read"),
        }, "the app_only one is not copied"

        await call(w, A, "PUT", f"{path}/{code['id']}", {"value": "K-2"})
        await call(w, A, "DELETE", f"{path}/{gone['id']}")

        async def followed(w):
            return await metafields_of(w, B, "product", b_pid) == {
                ("erp", "code"): ("K-2", "write"),
                ("b_notes", "shelf"): ("B's own", "read"),
            }

        await w.until_b(followed)


def color(sku, label):
    return {"sku": sku, "option_values": [{"option_display_name": "Color", "label": label}]}


async def test_given_variant_metafields_in_a_then_b_variant_of_the_same_options_holds_them(world):
    async with world() as w:
        pid = (await w.create_product(name="Mug", type="physical", sku="MUG", price=9, weight=1))[
            "id"
        ]
        async with w.sandbox.api_client("storea") as api:
            await api.post(f"/v3/catalog/products/{pid}/options", json=COLOR)
        red = await w.admin("POST", f"/products/{pid}/variants", color("MUG-R", "Red"))
        await w.admin("POST", f"/products/{pid}/variants", color("MUG-B", "Blue"))
        path = f"/products/{pid}/variants/{red['id']}/metafields"
        await call(w, A, "POST", path, mf("wms", "bin", "R-7"))  # its event names the variant

        async def copied(w):
            b_red = next((v for v in await w.table("variants") if v["sku"] == "MUG-R"), None)
            if b_red is None:
                return False
            found = await metafields_of(w, B, "variant", b_red["id"])
            return found == {("wms", "bin"): ("R-7", "read")}

        await w.until_b(copied)
        b_blue = next(v for v in await w.table("variants") if v["sku"] == "MUG-B")
        assert await metafields_of(w, B, "variant", b_blue["id"]) == {}


async def test_given_a_base_variant_metafield_in_a_then_b_base_variant_holds_it(world):
    async with world() as w:
        made = await w.create_product(name="Tray", type="physical", sku="TRY", price=7, weight=1)
        await w.until_b(lambda w: w.b_product("TRY"))
        [base] = [v for v in await w.table("variants", A) if v["product_id"] == made["id"]]
        path = f"/products/{made['id']}/variants/{base['id']}/metafields"
        await call(w, A, "POST", path, mf("wms", "bin", "T-2"))  # the product without options

        async def copied(w):
            b_pid = (await w.b_product("TRY"))["id"]
            b_base = [v for v in await w.table("variants") if v["product_id"] == b_pid]
            if len(b_base) != 1:
                return False
            return await metafields_of(w, B, "variant", b_base[0]["id"]) == {
                ("wms", "bin"): ("T-2", "read")
            }

        await w.until_b(copied)


@pytest.mark.parametrize(
    ("kind", "table", "source_id", "name"),
    [
        ("category", "categories", 19, "Kitchen"),
        ("brand", "brands", 35, "Common Good"),
    ],
)
async def test_given_a_category_or_brand_metafield_in_a_then_b_resource_follows(
    world, kind, table, source_id, name
):
    async with world() as w:
        path = f"/{table}/{source_id}/metafields"
        made = await call(w, A, "POST", path, mf("seo", "tagline", "Good coffee"))

        async def b_id(w):
            found = [r["id"] for r in await w.table(table) if r["name"] == name]
            return found[0] if found else 0

        async def copied(w):
            target = await b_id(w)
            found = await metafields_of(w, B, kind, target) if target else {}
            return found == {("seo", "tagline"): ("Good coffee", "read")}

        await w.until_b(copied)
        target = await b_id(w)
        await call(w, B, "POST", f"/{table}/{target}/metafields", mf("b_only", "note", "mine"))
        await call(w, A, "PUT", f"{path}/{made['id']}", {"value": "Great coffee"})

        async def updated(w):
            found = await metafields_of(w, B, kind, target)
            return found.get(("seo", "tagline")) == ("Great coffee", "read")

        await w.until_b(updated)
        await call(w, A, "POST", path, mf("seo", "keep", "x"))
        await call(w, A, "DELETE", f"{path}/{made['id']}")

        async def deleted(w):
            return await metafields_of(w, B, kind, target) == {
                ("seo", "keep"): ("x", "read"),
                ("b_only", "note"): ("mine", "read"),
            }

        await w.until_b(deleted)
