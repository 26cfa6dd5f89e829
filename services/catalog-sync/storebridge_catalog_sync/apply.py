"""Execute a `WritePlan` in B, step by step, through the shared resource calls; count each call.

The only writer of a product's parts. Steps run in the plan's order; a failure stops the plan
where it is, and B is then in a state the next sync plans from (a parked SKU, a missing variant),
so a retry or resync converges. Deletes of what is already gone count as done.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable
from dataclasses import dataclass, field

from storebridge_catalog_sync.context import Destination
from storebridge_catalog_sync.linking import Link, LinkKind
from storebridge_catalog_sync.mapping import changes
from storebridge_catalog_sync.planning.extras import (
    CreateBulkPricingRule,
    CreateVideo,
    DeleteBulkPricingRule,
    DeleteVideo,
    UpdateBulkPricingRule,
    UpdateVideo,
)
from storebridge_catalog_sync.planning.matching import fold, option_named, value_labelled
from storebridge_catalog_sync.planning.metafields import (
    CreateMetafield,
    DeleteMetafield,
    MetafieldStep,
    UpdateMetafield,
)
from storebridge_catalog_sync.planning.modifiers import (
    CreateModifier,
    CreateModifierValue,
    DeleteModifier,
    DeleteModifierValue,
    UpdateModifier,
    UpdateModifierValue,
)
from storebridge_catalog_sync.planning.steps import (
    CreateCustomField,
    CreateImage,
    CreateOption,
    CreateOptionValue,
    CreateProduct,
    CreateVariant,
    DeleteCustomField,
    DeleteImage,
    DeleteOption,
    DeleteOptionValue,
    DeleteVariant,
    Fields,
    SetVariantImage,
    Step,
    UpdateCustomField,
    UpdateImage,
    UpdateOption,
    UpdateOptionValue,
    UpdateProduct,
    UpdateVariant,
    WritePlan,
)
from storebridge_catalog_sync.tally import Tally
from storebridge_catalog_sync.urls import write_with_url
from storebridge_shared.bigcommerce import NotFound, resources
from storebridge_shared.bigcommerce.metafields import BATCH_CREATE, StoreWide
from storebridge_shared.bigcommerce.models import Option, Owner, Product


@dataclass
class _Apply:
    dest: Destination
    product_id: int
    t: Tally
    options: list[Option] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    made_variants: dict[int, int] = field(default_factory=dict)
    """A's variant id -> B's variant this plan created (for its metafields)."""
    base_variant_id: int = 0
    """The base variant of the product this plan created (0: none, or not created here)."""
    new_metafields: list[tuple[Owner, Fields]] = field(default_factory=list)
    """The product's and its variants' metafields to create, sent together by `flush`."""

    async def run(self, step: Step) -> None:
        bc, pid, t = self.dest.client, self.product_id, self.t
        match step:
            case CreateProduct(body=body, source_id=source_id, sku=sku):
                created = await write_with_url(self._creating, body, self.notes)
                assert created is not None  # a create body keeps its name and SKU
                self.product_id = created.id
                self.base_variant_id = created.base_variant_id or 0
                await self.dest.links.put(LinkKind.PRODUCT, source_id, created.id, sku)
            case UpdateProduct(fields=fields):
                await write_with_url(self._updating, fields, self.notes)
            case CreateCustomField(name=name, value=value):
                await t.write(resources.create_custom_field(bc, pid, name, value))
            case UpdateCustomField(field_id=field_id, value=value):
                await t.write(resources.update_custom_field(bc, pid, field_id, {"value": value}))
            case DeleteCustomField(field_id=field_id):
                await self._gone(resources.delete_custom_field(bc, pid, field_id))
            case CreateImage(source_id=source_id, url=url, fields=fields):
                image = await t.write(resources.create_image(bc, pid, url, **fields))
                await self.dest.links.put(LinkKind.IMAGE, source_id, image.id, url)
            case UpdateImage(image_id=image_id, fields=fields):
                await t.write(resources.update_image(bc, pid, image_id, fields))
            case DeleteImage(image_id=image_id):
                await self._gone(resources.delete_image(bc, pid, image_id))
            case _:
                await self._option_or_variant(step)

    async def _option_or_variant(self, step: Step) -> None:
        bc, pid, t = self.dest.client, self.product_id, self.t
        match step:
            case CreateOption(display_name=name, type=kind, values=values):
                body = {"display_name": name, "type": kind, "option_values": list(values)}
                self.options.append(await t.write(resources.create_option(bc, pid, body)))
            case CreateOptionValue(option=name, body=body):
                option = self._option(name)
                value = await t.write(resources.create_option_value(bc, pid, option.id, body))
                grown = option.model_copy(update={"option_values": (*option.option_values, value)})
                self.options = [grown if o.id == option.id else o for o in self.options]
            case UpdateOption(option_id=option_id, fields=fields):
                await t.write(resources.update_option(bc, pid, option_id, fields))
            case UpdateOptionValue(option_id=option_id, value_id=value_id, fields=fields):
                await t.write(resources.update_option_value(bc, pid, option_id, value_id, fields))
            case DeleteOption(option_id=option_id):
                await self._gone(resources.delete_option(bc, pid, option_id))
            case DeleteOptionValue(option_id=option_id, value_id=value_id):
                await self._gone(resources.delete_option_value(bc, pid, option_id, value_id))
            case DeleteVariant(variant_id=variant_id):
                await self._gone(resources.delete_variant(bc, pid, variant_id))
            case UpdateVariant(variant_id=variant_id, fields=fields):
                await t.write(resources.update_variant(bc, pid, variant_id, fields))
            case CreateVariant(source_id=source_id, values=values, fields=fields, image_url=url):
                body = {**fields, "option_values": self._value_ids(values)}
                made = await t.write(resources.create_variant(bc, pid, body))
                self.made_variants[source_id] = made.id
                await self.dest.links.put(LinkKind.VARIANT, source_id, made.id, made.sku)
                if url:
                    await self._variant_image(made.id, source_id, url)
            case SetVariantImage(variant_id=variant_id, source_id=source_id, url=url):
                await self._variant_image(variant_id, source_id, url)
            case Link(kind=kind, source_id=source_id, destination_id=target, key=key):
                await self.dest.links.put(kind, source_id, target, key)
            case _:
                await self._extra(step)

    async def _extra(self, step: Step) -> None:
        bc, pid, t = self.dest.client, self.product_id, self.t
        match step:
            case CreateBulkPricingRule(fields=fields):
                await t.write(resources.create_bulk_pricing_rule(bc, pid, fields))
            case UpdateBulkPricingRule(rule_id=rule_id, fields=fields):
                await t.write(resources.update_bulk_pricing_rule(bc, pid, rule_id, fields))
            case DeleteBulkPricingRule(rule_id=rule_id):
                await self._gone(resources.delete_bulk_pricing_rule(bc, pid, rule_id))
            case CreateVideo(fields=fields):
                await t.write(resources.create_video(bc, pid, fields))
            case UpdateVideo(video_id=video_id, fields=fields):
                await t.write(resources.update_video(bc, pid, video_id, fields))
            case DeleteVideo(video_id=video_id):
                await self._gone(resources.delete_video(bc, pid, video_id))
            case _:
                await self._modifier(step)

    async def _modifier(self, step: Step) -> None:
        bc, pid, t = self.dest.client, self.product_id, self.t
        match step:
            case CreateModifier(body=body, value_fields=value_fields):
                made = await t.write(resources.create_modifier(bc, pid, body))
                for label, fields in value_fields:
                    value = next(v for v in made.option_values if fold(v.label) == fold(label))
                    if changes(value.sent(), fields):
                        call = resources.update_modifier_value(bc, pid, made.id, value.id, fields)
                        await t.write(call)
            case UpdateModifier(modifier_id=modifier_id, fields=fields):
                await t.write(resources.update_modifier(bc, pid, modifier_id, fields))
            case DeleteModifier(modifier_id=modifier_id):
                await self._gone(resources.delete_modifier(bc, pid, modifier_id))
            case CreateModifierValue(modifier_id=modifier_id, body=body):
                await t.write(resources.create_modifier_value(bc, pid, modifier_id, body))
            case UpdateModifierValue(modifier_id=modifier_id, value_id=value_id, fields=fields):
                call = resources.update_modifier_value(bc, pid, modifier_id, value_id, fields)
                await t.write(call)
            case DeleteModifierValue(modifier_id=modifier_id, value_id=value_id):
                await self._gone(resources.delete_modifier_value(bc, pid, modifier_id, value_id))
            case _:
                await self._metafield(step)

    async def _metafield(self, step: Step) -> None:
        bc, t = self.dest.client, self.t
        match step:
            case CreateMetafield(owner=owner, fields=fields, source_variant=source_variant):
                owner = self._owner(owner, source_variant)
                if owner.product:  # a product's or variant's: batched by `flush`
                    self.new_metafields.append((owner, fields))
                else:
                    await t.write(resources.create_metafield(bc, owner, fields))
            case UpdateMetafield(owner=owner, metafield_id=metafield_id, fields=fields):
                await t.write(resources.update_metafield(bc, owner, metafield_id, fields))
            case DeleteMetafield(owner=owner, metafield_id=metafield_id):
                await self._gone(resources.delete_metafield(bc, owner, metafield_id))

    async def flush(self) -> None:
        """Create the product's and variants' metafields planned: the product ones, then the
        variant ones, `BATCH_CREATE` per call (each naming its product or variant), instead of
        one call each. They are the plan's last steps (the order of creates on different
        resources is free: uniqueness is per resource)."""
        made = self.new_metafields
        self.new_metafields = []
        groups: dict[StoreWide, list[Fields]] = {
            "products": [{**f, "resource_id": o.product} for o, f in made if not o.parent],
            "variants": [{**f, "resource_id": o.parent} for o, f in made if o.parent],
        }
        for family, items in groups.items():
            for start in range(0, len(items), BATCH_CREATE):
                chunk = items[start : start + BATCH_CREATE]
                await self.t.write(
                    resources.create_store_metafields(self.dest.client, family, chunk)
                )

    def _owner(self, owner: Owner, source_variant: int) -> Owner:
        """The planned owner, with the B id of a variant this plan created."""
        if not source_variant:
            return owner
        variant_id = self.made_variants.get(source_variant)
        if variant_id is None:
            raise LookupError(f"A's variant {source_variant} was not created in B")
        return Owner(product=owner.product, parent=variant_id)

    async def _creating(self, body: Fields) -> Product:
        return await self.t.write(resources.create_product(self.dest.client, body))

    async def _updating(self, fields: Fields) -> Product:
        call = resources.update_product(self.dest.client, self.product_id, fields)
        return await self.t.write(call)

    async def _variant_image(self, variant_id: int, source_id: int, url: str) -> None:
        call = resources.set_variant_image(self.dest.client, self.product_id, variant_id, url)
        await self.t.write(call)
        await self.dest.links.put(LinkKind.VARIANT_IMAGE, source_id, variant_id, url)

    def _option(self, display_name: str) -> Option:
        option = option_named(self.options, display_name)
        if option is None:
            raise LookupError(f"option {display_name!r} is not in B's product {self.product_id}")
        return option

    def _value_ids(self, values: tuple[tuple[str, str], ...]) -> list[dict[str, int]]:
        ids = []
        for name, label in values:
            option = self._option(name)
            value = value_labelled(option, label)
            if value is None:
                raise LookupError(f"option {name!r} of B has no value {fold(label)!r}")
            ids.append({"id": value.id, "option_id": option.id})
        return ids

    async def _gone(self, call: Awaitable[None]) -> None:
        with contextlib.suppress(NotFound):
            await self.t.write(call)


@dataclass(frozen=True)
class Applied:
    """What applying a plan gave: B's product id (new when created) and notes for the outcome
    (a copied URL that B refused as taken)."""

    product_id: int
    notes: tuple[str, ...] = ()
    base_variant_id: int = 0
    """The base variant of the product the plan created (BigCommerce's `base_variant_id`; 0
    when it created none, or the product has option variants)."""


async def apply_plan(
    dest: Destination, plan: WritePlan, current: Product | None, t: Tally
) -> Applied:
    """Run every step of `plan` in order against `dest`."""
    runner = _Apply(dest, plan.product_id, t, list(current.options) if current else [])
    for step in plan.steps:
        await runner.run(step)
    await runner.flush()
    return Applied(runner.product_id, tuple(runner.notes), runner.base_variant_id)


async def apply_steps(dest: Destination, steps: list[MetafieldStep], t: Tally) -> None:
    """Run the metafield steps of a category or brand (they name their owner in B)."""
    runner = _Apply(dest, 0, t)
    for step in steps:
        await runner.run(step)
