"""Benchmark of `storebridge backfill catalog`: 500 products into an empty store B.

    python -m tests.bench.bench_backfill [--products 500] [--quota 150] [--window-ms 3000] [--runs 3]

The sandbox runs as a subprocess with stores A and B, each at the Standard-plan quota scaled
down in time (150 requests per 3,000 ms instead of per 30,000 ms). Store A is loaded with a
generated catalog (`catalog_fixture`), B is empty; each run resets B and backfills it through the
real client. Reported per run and as medians: wall time, B's quota use (requests B served per
elapsed window / quota), 429s the sandbox answered, 429s reaching the sync, API calls. Baseline
measured in the same run: the ideal wall time at 100 % quota use (calls / quota x window).
`catalog_fixture` / `half_fixture` also feed the integration tests.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import logging
import statistics
import time
import uuid
from typing import Any

import httpx
import structlog
from pydantic import SecretStr

from storebridge_shared.settings import StoreCredentials
from tests.bench.common import UNBOUNDED_QUOTA, sandbox_process

BRANDS = ("Acme", "Globex", "Initech", "Umbrella", "Hooli")
CATEGORY_TREE = {
    "Kitchen": {"Cookware": ("Pans", "Pots"), "Tableware": ("Mugs", "Plates")},
    "Garden": {"Tools": ("Spades", "Rakes"), "Plants": ()},
}


def _categories(id_base: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    next_id = id_base
    for root, children in CATEGORY_TREE.items():
        root_id = next_id = next_id + 1
        rows.append({"id": root_id, "parent_id": 0, "name": root, "sort_order": len(rows)})
        for child, leaves in children.items():
            child_id = next_id = next_id + 1
            rows.append({"id": child_id, "parent_id": root_id, "name": child, "sort_order": 0})
            for leaf in leaves:
                next_id += 1
                rows.append({"id": next_id, "parent_id": child_id, "name": leaf, "sort_order": 0})
    return rows


def _product(index: int, brand_ids: list[int], leaf_ids: list[int]) -> dict[str, Any]:
    sku = f"BF-{index:05d}"
    product: dict[str, Any] = {
        "name": f"Backfill product {index}",
        "type": "physical",
        "sku": sku,
        "price": 10 + index % 90,
        "weight": 1 + index % 5,
        "brand_id": brand_ids[index % len(brand_ids)],
        "categories": [leaf_ids[index % len(leaf_ids)]],
        "description": f"<p>Product {index}</p>",
        "inventory_level": index % 17,
        "custom_fields": [{"name": "Batch", "value": str(index // 50)}],
    }
    if index % 4 == 0:
        product["images"] = [
            {
                "image_url": f"https://images.example-cdn.com/bf/{sku}.jpg",
                "is_thumbnail": True,
                "sort_order": 0,
                "description": sku,
            }
        ]
    if index % 5 == 0:
        product["options"] = [
            {
                "display_name": "Size",
                "type": "rectangles",
                "option_values": [{"label": "S", "sort_order": 0}, {"label": "L", "sort_order": 1}],
            }
        ]
        product["variants"] = [
            {
                "sku": f"{sku}-{size}",
                "inventory_level": 3,
                "option_values": [{"option_display_name": "Size", "label": size}],
            }
            for size in ("S", "L")
        ]
    return product


def catalog_fixture(products: int, *, id_base: int = 0) -> dict[str, Any]:
    """A compact sandbox fixture: 5 brands, 12 categories three levels deep, `products` products.

    Every 4th product has an image, every 5th two option variants, each one custom field.
    """
    brands = [{"id": id_base + i + 1, "name": name} for i, name in enumerate(BRANDS)]
    categories = _categories(id_base + 100)
    parents = {int(c["parent_id"]) for c in categories}
    leaves = [int(c["id"]) for c in categories if int(c["id"]) not in parents]
    brand_ids = [int(b["id"]) for b in brands]
    return {
        "brands": brands,
        "categories": categories,
        "products": [_product(i, brand_ids, leaves) for i in range(products)],
    }


def half_fixture(source: dict[str, Any], *, price_change_every: int = 4) -> dict[str, Any]:
    """Store B holding every second product of `source` (other ids; some with another price)."""
    doc = catalog_fixture(0, id_base=5000)
    shift = 5000
    kept = copy.deepcopy(source["products"][::2])
    for position, product in enumerate(kept):
        product["brand_id"] += shift
        product["categories"] = [c + shift for c in product["categories"]]
        if position % price_change_every == 0:
            product["price"] = product["price"] + 1
    doc["products"] = kept
    return doc


# --- the benchmark -------------------------------------------------------------------------

A, B = "bencha", "benchb"
TOKENS = {A: "bench-token-a", B: "bench-token-b"}


def _credentials(store: str) -> StoreCredentials:
    return StoreCredentials(name=store, store_hash=store, access_token=SecretStr(TOKENS[store]))


async def backfill_run(
    admin: httpx.AsyncClient, mongodb_uri: str, quota: int, window_ms: int
) -> dict[str, float]:
    """Empty B, wait for a fresh window, backfill A into B; the run's figures."""
    from storebridge_catalog_sync.backfill import backfill_catalog
    from storebridge_catalog_sync.context import Destination
    from storebridge_catalog_sync.store.links import LinkRepository
    from storebridge_shared.bigcommerce import BigCommerceClient
    from storebridge_shared.store.client import make_client
    from storebridge_shared.store.collections import ensure_indexes

    (await admin.post(f"/_sandbox/stores/{B}/fixture", json={})).raise_for_status()
    await asyncio.sleep(window_ms / 1000 + 0.05)  # the previous window has run out
    for store in TOKENS:
        (await admin.delete(f"/_sandbox/stores/{store}/stats")).raise_for_status()
    mongo = make_client(mongodb_uri)
    db = mongo[f"bench_{uuid.uuid4().hex[:10]}"]
    await ensure_indexes(db)
    api_url = str(admin.base_url)
    try:
        async with (
            BigCommerceClient(_credentials(A), api_url=api_url) as source,
            BigCommerceClient(_credentials(B), api_url=api_url) as target,
        ):
            dest = Destination("B", target, LinkRepository(db, A, B))
            started = time.perf_counter()
            report = await backfill_catalog(db, source, dest)
            wall = time.perf_counter() - started
    finally:
        await mongo.drop_database(db.name)
        await mongo.close()
    stats = {s: (await admin.get(f"/_sandbox/stores/{s}/stats")).json() for s in TOKENS}
    served = stats[B]["served_per_window"]
    full = served[:-1] or served
    return {
        "wall_s": wall,
        "created": report.counts["product"]["created"],
        "failed": report.totals()["failed"],
        "calls_b": stats[B]["total_calls"],
        "calls_a": stats[A]["total_calls"],
        "windows": len(served),
        "utilisation": sum(served) / (len(served) * quota),
        "utilisation_full_windows": sum(full) / (len(full) * quota),
        "server_429": stats[A]["rate_limited"] + stats[B]["rate_limited"],
        "sync_429": sum("429" in reason for _, _, reason in report.failures),
        "ideal_s": stats[B]["total_calls"] / quota * window_ms / 1000,
    }


def with_metafields(fixture: dict[str, Any], per_product: int) -> dict[str, Any]:
    """Every product of the fixture with `per_product` readable metafields of its own."""
    for index, product in enumerate(fixture["products"]):
        product["metafields"] = [
            {"namespace": "erp", "key": f"k{n}", "value": f"{index}-{n}", "permission_set": "read"}
            for n in range(per_product)
        ]
    return fixture


async def run_benchmark(
    products: int, quota: int, window_ms: int, runs: int, metafields: int = 0
) -> dict[str, Any]:
    """The baseline (no quota) and `runs` metered runs, each backfilling `products` products
    (each with `metafields` product metafields)."""
    from storebridge_shared.testing.mongodb import stand_in

    fixture = with_metafields(catalog_fixture(products), metafields)
    figures: dict[str, Any] = {
        "products": products,
        "quota": quota,
        "window_ms": window_ms,
        "metafields": metafields,
    }
    with stand_in() as mongodb_uri:
        async with sandbox_process(TOKENS, UNBOUNDED_QUOTA, 60_000) as admin:
            (await admin.post(f"/_sandbox/stores/{A}/fixture", json=fixture)).raise_for_status()
            figures["baseline"] = await backfill_run(admin, mongodb_uri, UNBOUNDED_QUOTA, 0)
        async with sandbox_process(TOKENS, quota, window_ms) as admin:
            (await admin.post(f"/_sandbox/stores/{A}/fixture", json=fixture)).raise_for_status()
            figures["runs"] = [
                await backfill_run(admin, mongodb_uri, quota, window_ms) for _ in range(runs)
            ]
    return figures


def render(figures: dict[str, Any]) -> str:
    """The figures as a text table: each run, then the medians."""
    runs = figures["runs"]
    keys = (
        "wall_s",
        "ideal_s",
        "calls_b",
        "calls_a",
        "windows",
        "utilisation",
        "utilisation_full_windows",
        "server_429",
        "sync_429",
        "created",
        "failed",
    )
    lines = [
        f"backfill of {figures['products']} products ({figures['metafields']} metafields each) "
        "into an empty B; sandbox quota "
        f"{figures['quota']} per {figures['window_ms']} ms (Standard plan, 10x faster windows)",
        f"baseline without quota: wall {figures['baseline']['wall_s']:.2f} s, "
        f"{figures['baseline']['calls_b']} calls to B, {figures['baseline']['calls_a']} to A",
        "run  " + "  ".join(f"{k:>12}" for k in keys),
    ]
    for number, run in enumerate(runs, 1):
        lines.append(f"{number:<4} " + "  ".join(_cell(k, run[k]) for k in keys))
    medians = {k: statistics.median(r[k] for r in runs) for k in keys}
    lines.append("med  " + "  ".join(_cell(k, medians[k]) for k in keys))
    return "\n".join(lines)


def _cell(key: str, value: float) -> str:
    if key.startswith("utilisation"):
        return f"{value:>12.1%}"
    return f"{value:>12.2f}" if isinstance(value, float) else f"{value:>12}"


def main() -> None:
    """Parse options, run, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=500)
    parser.add_argument("--quota", type=int, default=150)
    parser.add_argument("--window-ms", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--metafields", type=int, default=0, help="product metafields each")
    args = parser.parse_args()
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.ERROR))
    figures = asyncio.run(
        run_benchmark(args.products, args.quota, args.window_ms, args.runs, args.metafields)
    )
    print(render(figures))


if __name__ == "__main__":
    main()
