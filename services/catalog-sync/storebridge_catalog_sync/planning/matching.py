"""How records of A and B are matched (pure): one `fold` for SKUs, names and paths.

Variants match by their option combination (the option display names and value labels), which is
what a variant *is* in B: B refuses two variants of one product with the same combination and
never changes a variant's combination, while a SKU is just a field that may move from one
variant to another. Images match by the image link, then by the URL they were made from. Options
by display name, values by label, custom fields by name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from storebridge_shared.bigcommerce.models import Image, Option, OptionValue, Variant

Combination = tuple[tuple[str, str], ...]
"""A variant's option values as sorted (folded option display name, folded label) pairs."""


def fold(text: Any) -> str:
    """The form SKUs, names and path parts are matched by: trimmed, case-insensitive."""
    return str(text).strip().casefold()


def combination(variant: Variant) -> Combination:
    """The option combination a variant is made of."""
    return tuple(
        sorted((fold(v.option_display_name), fold(v.label)) for v in variant.option_values)
    )


def by_combination(variants: Iterable[Variant]) -> dict[Combination, Variant]:
    """Option variants by combination (the base variant, with no option values, left out)."""
    return {combination(v): v for v in variants if v.option_values}


def option_named(options: Iterable[Option], display_name: str) -> Option | None:
    """The option with this display name (folded), or None."""
    return next((o for o in options if fold(o.display_name) == fold(display_name)), None)


def value_labelled(option: Option, label: str) -> OptionValue | None:
    """The value of an option with this label (folded), or None."""
    return next((v for v in option.option_values if fold(v.label) == fold(label)), None)


def match_images(
    wanted: Sequence[Image], current: Sequence[Image], links: Mapping[int, tuple[int, str]]
) -> tuple[list[tuple[Image, Image]], list[Image], list[Image]]:
    """(matched (A image, B image) pairs, A images to create, B images to delete).

    `links` maps an A image id to (B image id, the source URL it was linked with); a link whose
    URL is no longer the A image's is stale (the merchant replaced the file)."""
    by_id = {i.id: i for i in current}
    used: set[int] = set()
    matched: list[tuple[Image, Image]] = []
    unlinked: list[Image] = []
    for image in wanted:
        b_id, url = links.get(image.id, (0, ""))
        target = by_id.get(b_id)
        if target is not None and url == image.source_url and target.id not in used:
            used.add(target.id)
            matched.append((image, target))
        else:
            unlinked.append(image)
    missing: list[Image] = []
    for image in unlinked:
        target = next(
            (c for c in current if c.id not in used and c.image_url == image.source_url), None
        )
        if target is None:
            missing.append(image)
        else:
            used.add(target.id)
            matched.append((image, target))
    return matched, missing, [c for c in current if c.id not in used]
