"""Options and variants of one destination product made to match the source, keeping B's ids.

Options match by display name and values by label; variants match by SKU. Order of writes:
missing options and values first, then variants gone from the source are deleted (so a renamed
SKU can take their option combination), then variants are created or updated, and options and
values the source no longer has are deleted last. Nothing is deleted and re-created.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from typing import Any

from storebridge_catalog_sync import records as resources
from storebridge_catalog_sync.context import Destination
from storebridge_catalog_sync.linking import LinkKind
from storebridge_catalog_sync.mapping import changes, desired_variant, option_variants
from storebridge_catalog_sync.tally import Tally
from storebridge_shared.bigcommerce import NotFound

Record = Mapping[str, Any]


def _fold(text: Any) -> str:
    return str(text).casefold()


async def sync_variants(
    dest: Destination, product_id: int, source: Record, current: Record, t: Tally
) -> None:
    """Bring the destination product's options and option variants to the source's."""
    wanted = option_variants(source.get("variants") or [])
    have = option_variants(current.get("variants") or [])
    if not wanted and not have:
        return
    options = await _ensure_options(dest, product_id, source, current, t)
    by_sku = {_fold(v["sku"]): v for v in have}
    keep = {_fold(v["sku"]) for v in wanted}
    for gone in (v for v in have if _fold(v["sku"]) not in keep):
        await _delete_variant(dest, product_id, int(gone["id"]), t)
    for variant in wanted:
        target = by_sku.get(_fold(variant["sku"]))
        if target is None:
            target = await _create_variant(dest, product_id, variant, options, t)
        else:
            diff = changes(target, desired_variant(variant))
            if diff:
                path = (dest.client, product_id, int(target["id"]), diff)
                await t.write(resources.update_variant(*path))
        await dest.links.put(
            LinkKind.VARIANT, int(variant["id"]), int(target["id"]), variant["sku"]
        )
    await _drop_unused_options(dest, product_id, source, options, t)


async def _ensure_options(
    dest: Destination, product_id: int, source: Record, current: Record, t: Tally
) -> dict[str, dict[str, Any]]:
    options = {_fold(o["display_name"]): dict(o) for o in current.get("options") or []}
    for option in source.get("options") or []:
        key = _fold(option["display_name"])
        values = [_value_body(v) for v in option.get("option_values") or []]
        if key not in options:
            body = {"display_name": option["display_name"], "type": option["type"]}
            body["option_values"] = values
            created = await t.write(resources.create_option(dest.client, product_id, body))
            options[key] = dict(created)
            continue
        target = options[key]
        labels = {_fold(v["label"]) for v in target.get("option_values") or []}
        for value in (v for v in values if _fold(v["label"]) not in labels):
            call = resources.create_option_value(dest.client, product_id, target["id"], value)
            made = await t.write(call)
            target["option_values"] = [*target.get("option_values", []), made]
    return options


def _value_body(value: Record) -> dict[str, Any]:
    body = {"label": value["label"], "sort_order": value.get("sort_order", 0)}
    if value.get("value_data"):
        body["value_data"] = value["value_data"]
    return body


async def _create_variant(
    dest: Destination,
    product_id: int,
    variant: Record,
    options: dict[str, dict[str, Any]],
    t: Tally,
) -> Record:
    values = []
    for wanted in variant.get("option_values") or []:
        option = options[_fold(wanted["option_display_name"])]
        value = next(
            v for v in option["option_values"] if _fold(v["label"]) == _fold(wanted["label"])
        )
        values.append({"id": int(value["id"]), "option_id": int(option["id"])})
    body = {**desired_variant(variant), "option_values": values}
    if "inventory_level" in variant:
        body["inventory_level"] = variant["inventory_level"]
    return await t.write(resources.create_variant(dest.client, product_id, body))


async def _delete_variant(dest: Destination, product_id: int, variant_id: int, t: Tally) -> None:
    with contextlib.suppress(NotFound):
        await t.write(resources.delete_variant(dest.client, product_id, variant_id))


async def _drop_unused_options(
    dest: Destination,
    product_id: int,
    source: Record,
    options: dict[str, dict[str, Any]],
    t: Tally,
) -> None:
    wanted = {_fold(o["display_name"]): o for o in source.get("options") or []}
    for key, option in options.items():
        if key not in wanted:
            await t.write(resources.delete_option(dest.client, product_id, int(option["id"])))
            continue
        labels = {_fold(v["label"]) for v in wanted[key].get("option_values") or []}
        for value in option.get("option_values") or []:
            if _fold(value["label"]) not in labels:
                call = resources.delete_option_value(
                    dest.client, product_id, int(option["id"]), int(value["id"])
                )
                await t.write(call)


def variant_skus(product: Record) -> Sequence[str]:
    """The SKUs of a product's option variants."""
    return [str(v["sku"]) for v in option_variants(product.get("variants") or [])]
