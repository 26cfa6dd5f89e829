"""catalog-sync's edge to the typed BigCommerce records: the shared resource calls, each record
turned back into the dict BigCommerce sent (`sent()`).

catalog-sync's read-compare-write code still works on dicts; the snapshot -> plan -> apply
planner (issue 9) works on the records of `storebridge_shared.bigcommerce.models` and retires
this module. Calls that return nothing or plain values are used from `resources` directly.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, ParamSpec

from storebridge_shared.bigcommerce import resources
from storebridge_shared.bigcommerce.models import ApiRecord

P = ParamSpec("P")
Record = dict[str, Any]


def _one(call: Callable[P, Awaitable[ApiRecord]]) -> Callable[P, Awaitable[Record]]:
    async def as_dict(*args: P.args, **kwargs: P.kwargs) -> Record:
        return (await call(*args, **kwargs)).sent()

    return as_dict


def _many(
    call: Callable[P, Awaitable[list[Any]]],
) -> Callable[P, Awaitable[list[Record]]]:
    async def as_dicts(*args: P.args, **kwargs: P.kwargs) -> list[Record]:
        return [record.sent() for record in await call(*args, **kwargs)]

    return as_dicts


def _each(
    call: Callable[P, AsyncIterator[ApiRecord]],
) -> Callable[P, AsyncIterator[Record]]:
    async def as_dicts(*args: P.args, **kwargs: P.kwargs) -> AsyncIterator[Record]:
        async for record in call(*args, **kwargs):
            yield record.sent()

    return as_dicts


get_product = _one(resources.get_product)
create_product = _one(resources.create_product)
update_product = _one(resources.update_product)
list_products = _many(resources.list_products)
update_products = _many(resources.update_products)
iter_products = _each(resources.iter_products)
create_variant = _one(resources.create_variant)
update_variant = _one(resources.update_variant)
list_all_variants = _many(resources.list_all_variants)
create_option = _one(resources.create_option)
create_option_value = _one(resources.create_option_value)
create_image = _one(resources.create_image)
update_image = _one(resources.update_image)
create_custom_field = _one(resources.create_custom_field)
update_custom_field = _one(resources.update_custom_field)
get_category = _one(resources.get_category)
create_category = _one(resources.create_category)
update_category = _one(resources.update_category)
list_categories = _many(resources.list_categories)
get_brand = _one(resources.get_brand)
create_brand = _one(resources.create_brand)
list_brands = _many(resources.list_brands)
list_channel_listings = _many(resources.list_channel_listings)

delete_product = resources.delete_product
delete_variant = resources.delete_variant
delete_option = resources.delete_option
delete_option_value = resources.delete_option_value
delete_image = resources.delete_image
delete_custom_field = resources.delete_custom_field
delete_category = resources.delete_category
list_product_ids = resources.list_product_ids
