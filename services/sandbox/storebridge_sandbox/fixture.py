"""Loading a store from a fixture: the compact seed format or a full state dump."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from storebridge_sandbox.config import SandboxConfig
from storebridge_sandbox.domain.assignments import add_assignment
from storebridge_sandbox.domain.brands import create_brand
from storebridge_sandbox.domain.categories import create_category
from storebridge_sandbox.domain.channels import create_channel, create_listings, ensure_storefront
from storebridge_sandbox.domain.metafields import create_metafield
from storebridge_sandbox.domain.modifier_values import update_value
from storebridge_sandbox.domain.modifiers import create_modifier
from storebridge_sandbox.domain.options import create_option
from storebridge_sandbox.domain.orders import add_order
from storebridge_sandbox.domain.products import create_product
from storebridge_sandbox.domain.refunds import record_refund
from storebridge_sandbox.domain.variants import add_variant
from storebridge_sandbox.state import Record, StoreState
from storebridge_sandbox.store import Store
from storebridge_sandbox.timefmt import iso, parse_date

_LATER = ("id", "options", "variants", "modifiers", "metafields", "date_created", "date_modified")
SEEDED_AT = "2026-11-02T09:00:00+00:00"
HOOK_TABLES = ("hooks", "hook_deactivations", "hook_admin_emails")


def _metafields(store: Store, kind: str, resource_id: int, specs: list[Record]) -> None:
    default_owner = store.config.tokens[0].client_id
    for spec in specs:
        owner = str(spec.get("owner_client_id", default_owner))
        body = {k: v for k, v in spec.items() if k != "owner_client_id"}
        made = create_metafield(store, kind, resource_id, owner, body)
        made["date_created"] = made["date_modified"] = SEEDED_AT  # a fixture record, like products


def _modifier(state: StoreState, product_id: int, spec: Record) -> None:
    """A checkbox makes its own Yes/No values: the spec's values then update them by label."""
    if spec.get("type") != "checkbox":
        create_modifier(state, product_id, spec)
        return
    modifier = create_modifier(state, product_id, {**spec, "option_values": None})
    for change in spec.get("option_values") or []:
        value = next(v for v in modifier["option_values"] if v["label"] == change["label"])
        update_value(value, change)


def _product(store: Store, spec: Record) -> None:
    body = {k: v for k, v in spec.items() if k not in _LATER}
    product = create_product(store, body, record_id=spec.get("id"))
    for option in spec.get("options") or []:
        create_option(store.state, product["id"], option)
    for variant in spec.get("variants") or []:
        add_variant(store.state, product, variant)
    for modifier in spec.get("modifiers") or []:
        _modifier(store.state, product["id"], modifier)
    _metafields(store, "product", product["id"], spec.get("metafields") or [])
    product["date_created"] = spec.get("date_created", SEEDED_AT)
    product["date_modified"] = spec.get("date_modified", product["date_created"])


def _listing(store: Store, spec: Record) -> None:
    variants = spec.get("variants", "all")
    if variants == "all":
        rows = store.state.children("variants", "product_id", spec["product_id"])
        variants = [
            {"product_id": v["product_id"], "variant_id": v["id"], "state": spec["state"]}
            for v in rows
        ]
    create_listings(store.state, int(spec["channel_id"]), [{**spec, "variants": variants}])


def _order(state: StoreState, spec: Record) -> None:
    order = add_order(state, spec, default_status=11, record_id=spec.get("id"))
    modified = order["date_modified"]
    for refund in spec.get("refunds") or []:
        record_refund(state, order, refund)["created"] = iso(parse_date(modified))
    order["date_modified"] = modified


def _own(spec: Record) -> Record:
    return {k: v for k, v in spec.items() if k != "metafields"}


def _populate(store: Store, doc: Record) -> None:
    state = store.state
    for brand in doc.get("brands", []):
        made = create_brand(state, _own(brand), record_id=brand.get("id"))
        _metafields(store, "brand", made["id"], brand.get("metafields") or [])
    for category in doc.get("categories", []):
        made = create_category(store, _own(category), record_id=category.get("id"))
        _metafields(store, "category", made["id"], category.get("metafields") or [])
    for product in doc.get("products", []):
        _product(store, product)
    ensure_storefront(state)
    for channel in doc.get("channels", []):
        if channel.get("id") != 1:
            create_channel(state, channel, record_id=channel.get("id"))
    for assignment in doc.get("channel_assignments", []):
        add_assignment(state, int(assignment["product_id"]), int(assignment["channel_id"]))
    for listing in doc.get("listings", []):
        _listing(store, listing)
    for order in doc.get("orders", []):
        _order(state, order)


def load_document(store: Store, doc: Any, keep_hooks: bool = True) -> None:
    """Replace the store's data with a fixture document (hooks survive unless told otherwise)."""
    kept = {name: store.state.table(name) for name in HOOK_TABLES} if keep_hooks else {}
    hook_counter = store.state.counters.get("hooks")
    config = store.config
    if isinstance(doc, dict) and "tables" in doc:
        store.state = StoreState.from_json(doc, config.store_hash, config.store_id)
    else:
        store.state = StoreState(config.store_hash, config.store_id)
        with store.silenced():
            _populate(store, doc if isinstance(doc, dict) else {})
    if keep_hooks:
        store.state.tables.update(kept)
        if hook_counter is not None:
            store.state.counters["hooks"] = hook_counter
    ensure_storefront(store.state)
    store.dirty = True


def read_fixture(path: Path) -> Any:
    """The JSON document of a fixture file."""
    return json.loads(path.read_text(encoding="utf-8"))


def seed(store: Store, config: SandboxConfig, keep_hooks: bool = False) -> None:
    """Load the store's seed fixture (its own, else the sandbox's; none gives an empty store)."""
    path = store.config.fixture or config.seed_fixture
    load_document(store, read_fixture(path) if path else {}, keep_hooks=keep_hooks)
