"""What an id link is: source id -> destination id of one kind, and the port that keeps them.

Pure: no I/O. The MongoDB repository is `store/links.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class LinkKind(StrEnum):
    """What a link maps."""

    PRODUCT = "product"
    VARIANT = "variant"
    CATEGORY = "category"
    BRAND = "brand"
    IMAGE = "image"
    OPTION = "option"
    OPTION_VALUE = "option_value"
    VARIANT_IMAGE = "variant_image"
    """A's variant -> B's variant whose image was set from `key`, A's image URL."""
    SCOPE_HIDDEN = "scope_hidden"
    """A's product -> B's product the `disable` policy hid when it left the destination's
    scope: the sync, not B's team, hid it, so it shows it again when it comes back."""


@dataclass(frozen=True)
class Link:
    """One mapping; `key` is the natural key seen when it was written (SKU, path, image URL)."""

    kind: LinkKind
    source_id: int
    destination_id: int
    key: str = ""


class Links(Protocol):
    """Id links of one (source, destination) pair (`store.links.LinkRepository`)."""

    async def get(self, kind: LinkKind, source_id: int) -> Link | None:
        """The link of one source id, or None."""

    async def many(self, kind: LinkKind, source_ids: Iterable[int]) -> dict[int, Link]:
        """Links of several source ids of one kind."""

    async def put(self, kind: LinkKind, source_id: int, destination_id: int, key: str = "") -> None:
        """Create or replace one link."""

    async def drop(self, kind: LinkKind, source_id: int) -> None:
        """Forget one link."""

    async def source_ids(self, kind: LinkKind) -> set[int]:
        """The source ids of every link of one kind."""
