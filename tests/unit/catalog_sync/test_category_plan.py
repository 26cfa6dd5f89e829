"""Categories in B from snapshots: by path, parents first; moved, renamed, linked, copied URLs."""

from __future__ import annotations

from storebridge_catalog_sync.linking import Link, LinkKind
from storebridge_catalog_sync.planning.category import (
    CategoryTree,
    CreateCategory,
    UpdateCategory,
    chain_of,
    plan_categories,
)
from storebridge_shared.bigcommerce.models import Category


def category(category_id, name, parent_id=0, **fields):
    return Category.parse({"id": category_id, "name": name, "parent_id": parent_id, **fields})


KITCHEN = category(10, "Kitchen")
MUGS = category(11, "Mugs", 10)
A = [KITCHEN, MUGS]


def test_given_b_empty_then_the_path_is_created_parents_first_and_each_level_linked():
    plan = plan_categories([chain_of(11, A)], CategoryTree())

    assert plan.ids == {10: 0, 11: 0}
    assert plan.steps == (
        CreateCategory(10, {"name": "Kitchen"}, "Kitchen", parent_id=0),
        CreateCategory(11, {"name": "Mugs"}, "Kitchen/Mugs", parent_of=10),
    )
    assert plan.created(11)


def test_given_the_path_in_b_by_name_under_each_parent_then_it_is_linked_never_created():
    tree = CategoryTree(categories=(category(100, "kitchen"), category(101, "MUGS", 100)))

    plan = plan_categories([chain_of(11, A)], tree)

    assert plan.ids == {10: 100, 11: 101}
    assert not any(isinstance(s, CreateCategory) for s in plan.steps)
    assert Link(LinkKind.CATEGORY, 11, 101, "Kitchen/Mugs") in plan.steps


def test_given_a_same_named_category_under_another_parent_then_it_is_not_matched():
    tree = CategoryTree(categories=(category(100, "Kitchen"), category(201, "Mugs", 200)))

    plan = plan_categories([chain_of(11, A)], tree)

    assert plan.ids[10] == 100
    assert CreateCategory(11, {"name": "Mugs"}, "Kitchen/Mugs", parent_id=100) in plan.steps


def test_given_linked_levels_not_read_then_the_links_are_trusted_and_nothing_is_written():
    tree = CategoryTree(links={10: (100, "Kitchen"), 11: (101, "Kitchen/Mugs")})

    plan = plan_categories([chain_of(11, A)], tree)

    assert plan.ids == {10: 100, 11: 101}
    assert plan.steps == ()


def test_given_a_category_renamed_in_a_then_b_s_linked_category_is_renamed_in_place():
    renamed = category(11, "Cups", 10)
    tree = CategoryTree(
        links={10: (100, "Kitchen"), 11: (101, "Kitchen/Mugs")},
        categories=(category(101, "Mugs", 100),),
    )

    plan = plan_categories([chain_of(11, [KITCHEN, renamed])], tree)

    assert plan.steps == (
        UpdateCategory(101, {"name": "Cups"}),
        Link(LinkKind.CATEGORY, 11, 101, "Kitchen/Cups"),
    )


def test_given_a_category_moved_in_a_then_b_s_category_is_re_parented_never_duplicated():
    garden = category(20, "Garden")
    moved = category(11, "Mugs", 20)
    tree = CategoryTree(
        links={20: (200, "Garden"), 11: (101, "Kitchen/Mugs")},
        categories=(category(101, "Mugs", 100),),
    )

    plan = plan_categories([chain_of(11, [garden, moved])], tree)

    assert plan.ids[11] == 101
    assert plan.steps == (
        UpdateCategory(101, {"parent_id": 200}),
        Link(LinkKind.CATEGORY, 11, 101, "Garden/Mugs"),
    )


def test_given_a_move_under_a_parent_b_lacks_then_the_parent_is_made_first_and_b_s_re_parented():
    garden = category(20, "Garden")
    moved = category(11, "Mugs", 20)
    tree = CategoryTree(links={11: (101, "Kitchen/Mugs")}, categories=(category(101, "Mugs", 100),))

    plan = plan_categories([chain_of(11, [garden, moved])], tree)

    assert plan.steps[0] == CreateCategory(20, {"name": "Garden"}, "Garden")
    assert plan.steps[1] == UpdateCategory(101, {}, parent_of=20)


def test_given_fields_edited_in_a_then_only_the_differing_ones_are_written():
    edited = category(10, "Kitchen", description="<p>All for cooking</p>", is_visible=False)
    tree = CategoryTree(
        links={10: (100, "Kitchen")},
        categories=(category(100, "Kitchen", description="", is_visible=True),),
    )

    plan = plan_categories([(edited,)], tree)

    assert plan.steps == (
        UpdateCategory(100, {"description": "<p>All for cooking</p>", "is_visible": False}),
    )


def test_given_two_paths_sharing_a_parent_then_the_parent_is_planned_once():
    teapots = category(12, "Teapots", 10)

    plan = plan_categories([chain_of(11, A), chain_of(12, [*A, teapots])], CategoryTree())

    creates = [s for s in plan.steps if isinstance(s, CreateCategory)]
    assert [s.source_id for s in creates] == [10, 11, 12]


def test_given_copy_then_a_s_url_is_in_the_create_and_written_when_b_s_differs():
    url = {"url": "/kitchen/", "is_customized": True}
    source = category(10, "Kitchen", custom_url=url)

    created = plan_categories([(source,)], CategoryTree(), copy_custom_url=True)
    tree = CategoryTree(
        links={10: (100, "Kitchen")},
        categories=(category(100, "Kitchen", custom_url={"url": "/kitchen-1/"}),),
    )
    updated = plan_categories([(source,)], tree, copy_custom_url=True)
    kept = plan_categories([(source,)], tree)

    assert created.steps[0] == CreateCategory(10, {"name": "Kitchen", "custom_url": url}, "Kitchen")
    assert updated.steps == (UpdateCategory(100, {"custom_url": url}),)
    assert kept.steps == ()
