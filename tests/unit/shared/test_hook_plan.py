"""Hook reconciliation decisions: ours are created, fixed, re-activated or removed; others are
never touched; the delivery-exception hook has a destination of its own."""

from __future__ import annotations

from storebridge_shared.bigcommerce.models import Hook
from storebridge_shared.events.scopes import (
    CATALOG_HOOK_SCOPES,
    HOOK_EXCEPTION_SCOPE,
    HOOK_SCOPES,
    ORDER_HOOK_SCOPES,
)
from storebridge_shared.hooks.plan import INSTANCE_HEADER, desired_hooks, plan_hooks

DESIRED = desired_hooks("https://sync.example.com/", "s3cret", "prod")
EXCEPTIONS_AT = "https://sync.example.com/webhooks/hooks/deliveryException"


def ours(hook_id, scope, **overrides):
    hook = {
        "id": hook_id,
        "scope": scope,
        "destination": "https://sync.example.com/webhooks",
        "is_active": True,
        "headers": dict(DESIRED[0].headers),
    }
    return Hook.parse(hook | overrides)


def all_ours():
    events = [ours(i, s) for i, s in enumerate(HOOK_SCOPES, 1)]
    return [*events, ours(99, HOOK_EXCEPTION_SCOPE, destination=EXCEPTIONS_AT)]


def test_given_no_hooks_then_every_scope_is_created_with_the_secret_and_instance_headers():
    plan = plan_hooks([], DESIRED, "prod")

    assert [h.scope for h in plan.create] == [*HOOK_SCOPES, HOOK_EXCEPTION_SCOPE]
    assert {h.destination for h in plan.create[:-1]} == {"https://sync.example.com/webhooks"}
    assert plan.create[-1].destination == EXCEPTIONS_AT
    assert plan.create[0].headers == {"X-Storebridge-Secret": "s3cret", INSTANCE_HEADER: "prod"}


def test_given_every_hook_in_place_then_nothing_changes():
    plan = plan_hooks(all_ours(), DESIRED, "prod")

    assert plan.changes == 0
    assert plan.unchanged == len(HOOK_SCOPES) + 1
    assert plan.summary().startswith("nothing to change")


def test_given_hooks_of_another_app_or_instance_then_they_are_never_touched():
    foreign = [
        Hook.parse(
            {
                "id": 90,
                "scope": "store/product/updated",
                "destination": "https://other.app/hook",
                "is_active": False,
                "headers": None,
            }
        ),
        ours(91, "store/product/updated", headers={INSTANCE_HEADER: "staging"}),
        ours(92, "store/app/uninstalled", headers={"X-Other": "1"}),
    ]
    plan = plan_hooks(foreign, DESIRED, "prod")

    assert plan.foreign == 3
    assert plan.delete == []
    assert plan.update == []
    assert len(plan.create) == len(HOOK_SCOPES) + 1


def test_given_our_hooks_drifted_then_destination_headers_and_activity_are_fixed():
    existing = all_ours()
    existing[0] = ours(1, HOOK_SCOPES[0], is_active=False)
    existing[1] = ours(2, HOOK_SCOPES[1], destination="https://old.example.com/webhooks")
    existing[2] = ours(
        3, HOOK_SCOPES[2], headers={"X-Storebridge-Secret": "old", INSTANCE_HEADER: "prod"}
    )

    plan = plan_hooks(existing, DESIRED, "prod")

    assert plan.update == [
        (1, {"is_active": True}),
        (2, {"destination": "https://sync.example.com/webhooks"}),
        (3, {"headers": dict(DESIRED[0].headers)}),
    ]
    assert plan.create == []
    assert [hook.id for hook in plan.reactivate] == [1]


def test_given_our_hook_for_a_scope_no_longer_needed_or_a_duplicate_then_it_is_deleted():
    existing = all_ours()
    existing += [ours(50, "store/product/inventory/updated"), ours(51, HOOK_SCOPES[0])]

    plan = plan_hooks(existing, DESIRED, "prod")

    assert sorted(plan.delete) == [50, 51]


def test_given_creates_fixes_and_deletions_when_described_then_one_step_each_and_no_secret():
    existing = all_ours()[1:]
    stale_secret = {"X-Storebridge-Secret": "old-secret", INSTANCE_HEADER: "prod"}
    existing[0] = ours(2, HOOK_SCOPES[1], headers=stale_secret, is_active=False)
    existing.append(ours(50, "store/product/inventory/updated"))

    steps = plan_hooks(existing, DESIRED, "prod").steps()

    assert steps == [
        f"create {HOOK_SCOPES[0]} -> https://sync.example.com/webhooks",
        f"fix hook 2 {HOOK_SCOPES[1]}: headers, is_active",
        "delete hook 50 store/product/inventory/updated",
    ]
    assert not any("s3cret" in step or "old-secret" in step for step in steps)


def test_given_stock_mirrored_then_the_stock_scopes_are_registered_too_and_only_then():
    mirrored = {
        h.scope for h in desired_hooks("https://sync.example.com/", "s", "prod", inventory=True)
    }
    kept = {h.scope for h in DESIRED}

    stock = {
        f"store/{kind}/inventory/{how}updated"
        for kind in ("product", "sku")
        for how in ("", "order/")
    }
    assert mirrored == kept | stock and not kept & stock


def test_given_a_destination_store_then_only_the_order_and_delivery_exception_scopes_are_wanted():
    destination = desired_hooks(
        "https://sync.example.com/", "s", "prod", catalog_source=False, inventory=True
    )

    assert [h.scope for h in destination] == [*ORDER_HOOK_SCOPES, HOOK_EXCEPTION_SCOPE]
    assert {h.scope for h in DESIRED} == {
        *CATALOG_HOOK_SCOPES,
        *ORDER_HOOK_SCOPES,
        HOOK_EXCEPTION_SCOPE,
    }


def test_given_a_destination_with_our_catalog_hooks_then_the_plan_deletes_them_and_keeps_the_rest():
    destination = desired_hooks("https://sync.example.com/", "s3cret", "prod", catalog_source=False)

    plan = plan_hooks(all_ours(), destination, "prod")

    assert sorted(plan.scopes[i] for i in plan.delete) == sorted(CATALOG_HOOK_SCOPES)
    assert not plan.create and not plan.update
    assert plan.unchanged == len(ORDER_HOOK_SCOPES) + 1
