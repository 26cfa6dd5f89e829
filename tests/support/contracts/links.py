"""What every catalog link store does: one link per (source, destination, kind, source id),
replaced by a relink, found by source ids or by the destination id, forgotten on drop.

Subclass with a `links` fixture: a callable `(source, destination) -> link store`.
`storebridge_catalog_sync.store.links.LinkRepository` on MongoDB passes it (integration).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storebridge_catalog_sync.linking import Link, LinkKind

Links = Callable[[str, str], Any]

PRODUCT, CATEGORY = LinkKind.PRODUCT, LinkKind.CATEGORY


class LinkStoreContract:
    """The behaviour suite of a catalog link store."""

    async def test_given_no_link_when_one_is_put_then_it_is_found_with_its_key(
        self, links: Links
    ) -> None:
        store = links("a1", "b2")
        assert await store.get(PRODUCT, 7) is None

        await store.put(PRODUCT, 7, 907, "MUG-1")

        assert await store.get(PRODUCT, 7) == Link(PRODUCT, 7, 907, "MUG-1")
        assert await store.by_destination(PRODUCT, 907) == Link(PRODUCT, 7, 907, "MUG-1")

    async def test_given_a_link_when_the_source_id_is_relinked_then_the_new_target_replaces_the_old(
        self, links: Links
    ) -> None:
        store = links("a1", "b2")
        await store.put(PRODUCT, 7, 907, "MUG-1")

        await store.put(PRODUCT, 7, 908, "MUG-1B")

        assert await store.get(PRODUCT, 7) == Link(PRODUCT, 7, 908, "MUG-1B")
        assert await store.by_destination(PRODUCT, 907) is None
        assert await store.many(PRODUCT, [7]) == {7: Link(PRODUCT, 7, 908, "MUG-1B")}

    async def test_given_some_linked_ids_when_many_are_asked_then_only_the_linked_come_back_by_source_id(
        self, links: Links
    ) -> None:
        store = links("a1", "b2")
        await store.put(PRODUCT, 1, 901)
        await store.put(PRODUCT, 3, 903)

        found = await store.many(PRODUCT, [1, 2, 3])

        assert found == {1: Link(PRODUCT, 1, 901), 3: Link(PRODUCT, 3, 903)}
        assert await store.many(PRODUCT, []) == {}

    async def test_given_a_link_when_dropped_then_it_is_gone_and_dropping_again_is_harmless(
        self, links: Links
    ) -> None:
        store = links("a1", "b2")
        await store.put(CATEGORY, 23, 923, "Kitchen/Mugs")

        await store.drop(CATEGORY, 23)
        await store.drop(CATEGORY, 23)

        assert await store.get(CATEGORY, 23) is None
        assert await store.by_destination(CATEGORY, 923) is None

    async def test_given_the_same_source_id_of_two_kinds_then_each_kind_has_its_own_link(
        self, links: Links
    ) -> None:
        store = links("a1", "b2")
        await store.put(PRODUCT, 23, 900)

        await store.put(CATEGORY, 23, 900)
        await store.drop(PRODUCT, 23)

        assert await store.get(CATEGORY, 23) == Link(CATEGORY, 23, 900)
        assert await store.by_destination(CATEGORY, 900) == Link(CATEGORY, 23, 900)
        assert await store.by_destination(PRODUCT, 900) is None

    async def test_given_links_to_two_destinations_then_each_pair_sees_only_its_own(
        self, links: Links
    ) -> None:
        to_b, to_c = links("a1", "b2"), links("a1", "c3")
        await to_b.put(PRODUCT, 7, 907)

        await to_c.put(PRODUCT, 7, 1907)

        assert await to_b.get(PRODUCT, 7) == Link(PRODUCT, 7, 907)
        assert await to_c.get(PRODUCT, 7) == Link(PRODUCT, 7, 1907)
        assert await to_c.by_destination(PRODUCT, 907) is None
        assert await links("z9", "b2").many(PRODUCT, [7]) == {}
