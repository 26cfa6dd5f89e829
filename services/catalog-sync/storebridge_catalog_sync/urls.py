"""A write carrying A's storefront URL (`custom_url`, setting `CATALOG_CUSTOM_URL=copy`), made
again without it when B refuses the URL as taken: B keeps its own, and the outcome says so."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from storebridge_catalog_sync.planning.steps import Fields
from storebridge_shared.bigcommerce import Conflict

T = TypeVar("T")


def url_taken_note(fields: Fields) -> str:
    """The outcome's reason when B refused the URL in `fields` as taken."""
    return f"custom_url {dict(fields['custom_url']).get('url')} is taken in B: B keeps its own URL"


async def write_with_url(
    write: Callable[[Fields], Awaitable[T]], fields: Fields, notes: list[str]
) -> T | None:
    """`write(fields)`; on a 409 naming `custom_url` (another product, category or brand of B
    has it) the same write without the URL, noted in `notes` (None: nothing else to write).
    A 409 about anything else is raised: it is not this one's to resolve."""
    try:
        return await write(fields)
    except Conflict as error:
        if "custom_url" not in fields or "custom_url" not in error.errors:
            raise
    notes.append(url_taken_note(fields))
    rest = {k: v for k, v in fields.items() if k != "custom_url"}
    return await write(rest) if rest else None
