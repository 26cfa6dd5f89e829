"""Benchmark of per-destination rules (issue 18): planner time with 10 rules against none, and
the API calls of a rule change applied to a catalog.

    python -m tests.bench.bench_rules [--runs 3] [--iterations 2000] [--products 1000]

Planner (pure, in this process): one product with 3 variants, 2 images, 2 custom fields and 2
bulk pricing rules against B's copy of it with other prices and text; per product, the time of
`plan_product` (no rules) and of the scope verdict plus `plan_ruled` under 10 rules: scope
(include by category, brand, SKU pattern; exclude by custom field, product type, SKU pattern),
fields (leave description and seo alone), prices (rate, x, +, round to .99 on 4 prices,
variants and bulk pricing), stock (buffer, cap), availability (disable when out of stock).
The two are timed call by call, alternately; median over runs of each run's median call over
`--iterations`; extra = ruled - plain.

Rule change: the sandbox (subprocess, quota unbounded) with A holding `--products` products
and destination EU holding them at A's price x 0.92 (rules v1: rate 0.92, round to the cent);
two reconciles under v1 link them and set the watermark (not measured); then a
restart with v2 (the same rate, round to .99): the first pass sees the changed digest and the
full compare replans every product. Reported: the calls of that restart's passes on A and EU
(reads, writes), per product, and how long they take at a Standard plan's quota (150 per 30 s)
with the reconcile share (30 %): calls / (150 x 0.3) x 30 s.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import time
import uuid
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import structlog

from storebridge_catalog_sync.planning.plan import plan_product
from storebridge_catalog_sync.planning.rules.config import DestinationRules
from storebridge_catalog_sync.planning.rules.ruled import plan_ruled
from storebridge_catalog_sync.planning.rules.scope import ScopeFacts, verdict
from storebridge_catalog_sync.planning.snapshot import DestinationSnapshot, Rules, SourceSnapshot
from storebridge_catalog_sync.reconcile.loop import reconcile_once
from storebridge_catalog_sync.reconcile.setup import open_reconciler
from storebridge_catalog_sync.settings import CatalogSyncSettings
from storebridge_shared.bigcommerce.models import Product
from storebridge_shared.ops.background import Stopping
from storebridge_shared.store.client import make_client
from tests.bench.common import UNBOUNDED_QUOTA, mongodb, sandbox_process, settings_for

TEN_RULES = {
    "scope": {
        "include": [{"category": "Kitchen"}, {"brand": "Acme"}, {"sku": "MUG-*"}],
        "exclude": [
            {"custom_field": {"retail_only": "yes"}},
            {"type": "digital"},
            {"sku": "*-OLD"},
        ],
    },
    "fields": {"leave_alone": ["description", "seo"]},
    "prices": {"currency_rate": 0.92, "multiply": 1.08, "add": 0.5, "round": "0.99"},
    "stock": {"buffer": 2, "cap": 100},
    "availability": {"disable_when_out_of_stock": True},
}
FACTS = ScopeFacts(("Kitchen/Mugs",), "Acme")
A, EU = "bencha", "benchc"
STANDARD_QUOTA, WINDOW_S, SHARE = 150, 30, 0.3


def _product(product_id: int, price: float, text: str) -> Product:
    color = {"id": 3, "display_name": "Color", "type": "swatch"}
    labels = ("Red", "Blue", "Green")
    variants = [
        {
            "id": product_id * 10 + i,
            "sku": f"MUG-1-{label}",
            "price": price + i,
            "inventory_level": 5 + i,
            "option_values": [{"option_display_name": "Color", "label": label}],
        }
        for i, label in enumerate(labels)
    ]
    body = {
        "id": product_id,
        "name": "Mug",
        "sku": "MUG-1",
        "type": "physical",
        "price": price,
        "sale_price": 0,
        "retail_price": price * 2,
        "cost_price": price / 2,
        "weight": 1,
        "description": text,
        "page_title": text,
        "availability": "available",
        "inventory_tracking": "variant",
        "brand_id": 0,
        "categories": [],
        "variants": variants,
        "options": [{**color, "option_values": [{"label": x, "sort_order": 0} for x in labels]}],
        "images": [
            {"id": product_id * 10 + i, "image_url": f"https://img.example/{i}.jpg"}
            for i in range(2)
        ],
        "custom_fields": [
            {"id": product_id * 10 + i, "name": f"f{i}", "value": text} for i in range(2)
        ],
        "bulk_pricing_rules": [
            {
                "id": product_id * 10,
                "quantity_min": 2,
                "quantity_max": 9,
                "type": "fixed",
                "amount": 9,
            },
            {
                "id": product_id * 10 + 1,
                "quantity_min": 10,
                "quantity_max": 0,
                "type": "percent",
                "amount": 5,
            },
        ],
    }
    return Product.parse(body)


def planner_run(iterations: int) -> tuple[float, float]:
    """Median µs per product of the plain planner and of the ruled one (scope verdict + plan),
    timed alternately call by call, so a busy machine weighs on both alike."""
    a = SourceSnapshot(_product(7, 10, "A's"))
    b = DestinationSnapshot(_product(70, 12, "B's"))
    plain, ruled = Rules(), Rules(destination=DestinationRules.model_validate(TEN_RULES))
    scope = ruled.destination.scope
    assert scope is not None
    plain_us, ruled_us = [], []
    clock = time.perf_counter
    for _ in range(iterations):
        started = clock()
        plan_product(a, b, plain)
        middle = clock()
        if verdict(scope, a.product, FACTS).in_scope:
            plan_ruled(a, b, ruled)
        done = clock()
        plain_us.append((middle - started) * 1e6)
        ruled_us.append((done - middle) * 1e6)
    return statistics.median(plain_us), statistics.median(ruled_us)


def _destinations(path: Path, rounding: str) -> str:
    path.write_text(
        "destinations:\n"
        f"  - name: EU\n    store_hash: {EU}\n    access_token: tok-c\n"
        f"    rules: {{prices: {{currency_rate: 0.92, round: '{rounding}'}}}}\n"
    )
    return str(path)


def _catalog(products: int, factor: float) -> dict[str, Any]:
    rows = [
        {
            "id": n + 1,
            "name": f"Product {n}",
            "sku": f"SKU-{n:05d}",
            "type": "physical",
            "price": round((10 + n % 50) * factor, 2),
            "weight": 1,
        }
        for n in range(products)
    ]
    return {"products": rows}


async def _counts(admin: Any, store: str) -> dict[str, int]:
    found = (await admin.get(f"/_sandbox/stores/{store}/stats")).json()["calls"]
    reads = sum(n for k, n in found.items() if k.startswith("GET "))
    return {"reads": reads, "writes": sum(found.values()) - reads}


async def change_run(mongodb_uri: str, products: int) -> dict[str, float]:
    """One rule change over `products` products: the calls of the passes that apply it."""
    database = f"bench_rules_{uuid.uuid4().hex[:8]}"
    uri = mongodb_uri.replace("/?", f"/{database}?") if "/?" in mongodb_uri else mongodb_uri
    stores = {A: "tok-a", EU: "tok-c"}
    client = make_client(uri)
    with TemporaryDirectory() as tmp:
        v1, v2 = (
            _destinations(Path(tmp, "v1.yaml"), "cent"),
            _destinations(Path(tmp, "v2.yaml"), "0.99"),
        )
        async with sandbox_process(stores, UNBOUNDED_QUOTA, 30_000) as admin:
            url = str(admin.base_url).rstrip("/")
            await admin.post(f"/_sandbox/stores/{A}/fixture", json=_catalog(products, 1.0))
            await admin.post(f"/_sandbox/stores/{EU}/fixture", json=_catalog(products, 0.92))

            async def restart(path: str) -> list[Any]:
                settings = settings_for(
                    CatalogSyncSettings,
                    url,
                    uri,
                    "bench-rules",
                    {A: "tok-a"},
                    catalog_destinations_file=path,
                    catalog_reconcile_quota_share=1.0,
                )
                async with open_reconciler(settings, client[database], "bench", Stopping()) as run:
                    return await reconcile_once(run) or []

            await restart(v1)
            await restart(v1)  # A's products share one second: the second pass takes the rest
            for store in stores:
                await admin.delete(f"/_sandbox/stores/{store}/stats")
            started = time.perf_counter()
            results = await restart(v2)
            elapsed = time.perf_counter() - started
            a, eu = await _counts(admin, A), await _counts(admin, EU)
    await client.drop_database(database)
    await client.close()
    calls = a["reads"] + eu["reads"] + eu["writes"]
    return {
        "passes": len(results),
        "found by the changes pass": results[0].found if results else 0,
        "found by the full compare": results[1].found if len(results) > 1 else 0,
        "A reads": a["reads"],
        "EU reads": eu["reads"],
        "EU writes": eu["writes"],
        "calls": calls,
        "calls per product": calls / products,
        "minutes at Standard quota, 30 % share": calls / (STANDARD_QUOTA * SHARE) * WINDOW_S / 60,
        "wall s here (quota unbounded)": elapsed,
    }


def main() -> None:
    """Parse options, run, print both tables."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--products", type=int, default=1000)
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.ERROR))
    timings = [planner_run(args.iterations) for _ in range(args.runs)]
    plain = statistics.median(t[0] for t in timings)
    ruled = statistics.median(t[1] for t in timings)
    print("planner, µs per product (median over runs of each run's median call)")
    print(f"  no rules          {plain:9.1f}")
    print(f"  10 rules          {ruled:9.1f}")
    print(f"  extra             {ruled - plain:9.1f}   (target < 1000)")
    with mongodb() as uri:
        runs = [asyncio.run(change_run(uri, args.products)) for _ in range(args.runs)]
    print(f"rule change over {args.products} products (median of {args.runs} runs)")
    for key in runs[0]:
        value = statistics.median(r[key] for r in runs)
        print(f"  {key:<40} {value:10.2f}")


if __name__ == "__main__":
    main()
