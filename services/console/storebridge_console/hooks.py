"""Which of the hooks storebridge needs a store has: active, inactive or missing (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from storebridge_shared.bigcommerce.models.hooks import Hook, is_ours


@dataclass(frozen=True)
class StoreHooks:
    """The scopes of one store's hooks by state (only this storebridge's hooks count)."""

    store: str
    active: tuple[str, ...]
    inactive: tuple[str, ...]
    missing: tuple[str, ...]


def store_hooks(
    store: str, hooks: Iterable[Hook], instance: str, needed: tuple[str, ...]
) -> StoreHooks:
    """Classify every `needed` scope (`hooks.plan.needed_scopes` of the store's role) by the
    hooks of namespace `instance` found on the store."""
    ours = [hook for hook in hooks if is_ours(hook, instance)]
    active = {hook.scope for hook in ours if hook.is_active}
    present = {hook.scope for hook in ours}
    return StoreHooks(
        store=store,
        active=tuple(s for s in needed if s in active),
        inactive=tuple(s for s in needed if s in present and s not in active),
        missing=tuple(s for s in needed if s not in present),
    )
