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

import copy
from typing import Any

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
