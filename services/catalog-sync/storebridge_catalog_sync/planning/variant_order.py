"""The order of variant updates under B's store-wide SKU uniqueness (pure).

An update that gives a variant a SKU another kept variant still holds waits until that variant
has given it up. When every waiting update waits on another one (a swap: `-A` Red <-> `-B`
Blue, or a longer cycle), one variant first parks its SKU on a spare value only it can hold,
which frees its SKU for the next. Updates without a SKU change never wait.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from storebridge_catalog_sync.planning.matching import fold
from storebridge_catalog_sync.planning.steps import Fields, Step, UpdateVariant
from storebridge_shared.bigcommerce.models import Variant

SKU_MAX = 255


def spare_sku(variant_id: int, sku: str) -> str:
    """A SKU no one else holds, kept by a variant between giving up its SKU and taking its new one
    (a sync interrupted there leaves it; the next sync gives the variant its SKU)."""
    return f"{sku}~swap-{variant_id}"[-SKU_MAX:]


def ordered_updates(kept: Sequence[Variant], updates: Mapping[int, Fields]) -> list[Step]:
    """`updates` (B variant id -> changed fields) as steps in an order B accepts."""
    holder = {fold(v.sku): v.id for v in kept}
    pending = [v for v in kept if updates.get(v.id)]
    steps: list[Step] = []
    while pending:
        ready = next((v for v in pending if _free(holder, v, updates[v.id])), None)
        if ready is None:
            ready = _park(pending, holder, updates, steps)
        if ready is None:  # blocked by a SKU no planned step frees: let B answer
            steps += [UpdateVariant(v.id, updates[v.id]) for v in pending]
            break
        pending.remove(ready)
        _take(holder, ready, updates[ready.id], steps)
    return steps


def _free(holder: Mapping[str, int], variant: Variant, fields: Fields) -> bool:
    if "sku" not in fields:
        return True
    return holder.get(fold(fields["sku"]), variant.id) == variant.id


def _take(holder: dict[str, int], variant: Variant, fields: Fields, steps: list[Step]) -> None:
    steps.append(UpdateVariant(variant.id, fields))
    if "sku" in fields:
        for sku in [s for s, owner in holder.items() if owner == variant.id]:
            del holder[sku]
        holder[fold(fields["sku"])] = variant.id


def _park(
    pending: Sequence[Variant],
    holder: dict[str, int],
    updates: Mapping[int, Fields],
    steps: list[Step],
) -> Variant | None:
    """Park the SKU of the first variant whose SKU another pending update waits for; that one is
    then free to go. None when no pending update waits on another pending variant."""
    waiting = {v.id for v in pending}
    for variant in pending:
        blocker = holder.get(fold(updates[variant.id]["sku"]))
        if blocker in waiting and blocker != variant.id:
            parked = next(v for v in pending if v.id == blocker)
            spare = spare_sku(parked.id, parked.sku)
            steps.append(UpdateVariant(parked.id, {"sku": spare}, temporary=True))
            for sku in [s for s, owner in holder.items() if owner == parked.id]:
                del holder[sku]
            holder[fold(spare)] = parked.id
            return variant
    return None
