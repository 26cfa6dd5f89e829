"""Settings of catalog-sync and of the commands acting for it (resync, backfill)."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from storebridge_shared.settings import (
    AlertSettings,
    ChannelRuleSettings,
    ConsumerSettings,
    LoggingSettings,
    MongoSettings,
    SettingsBase,
    StoresSettings,
)
from storebridge_shared.settings.consumer import ops_port_field

_STORE_B = "required unless CATALOG_DESTINATIONS_FILE is set"


class CatalogStoresSettings(ChannelRuleSettings, StoresSettings):
    """Source store A and the destinations: store B, or N stores from a file."""

    requirement_notes: ClassVar[dict[str, str]] = {
        "store_a_hash": "required",
        "store_a_access_token": "required",
        "store_b_hash": _STORE_B,
        "store_b_access_token": _STORE_B,
    }

    catalog_delete_policy: Literal["ignore", "disable", "delete"] = Field(
        default="ignore",
        description="What a product/category deleted in A does in B: ignore, disable, delete.",
    )
    catalog_inventory: Literal["keep", "mirror"] = Field(
        default="keep",
        description=(
            "Stock in the destinations: keep (set when created, then theirs) or mirror (A's "
            "product and variant stock copied on every sync, and on A's stock webhooks)."
        ),
    )
    catalog_custom_url: Literal["generate", "copy"] = Field(
        default="generate",
        description=(
            "Storefront URLs of products, categories and brands in the destinations: generate "
            "(B makes its own from the name) or copy (A's; a URL taken in B keeps B's own, "
            "with the reason recorded)."
        ),
    )
    catalog_read_timeout_secs: float = Field(
        default=30.0,
        gt=0,
        description=(
            "How long catalog-sync waits for a BigCommerce answer; a write left unanswered "
            "has an unknown outcome."
        ),
    )

    def required_now(self) -> tuple[str, ...]:
        """Store A always; store B unless the destinations come from a file."""
        store_b = () if self.catalog_destinations_file else ("store_b_hash", "store_b_access_token")
        return ("store_a_hash", "store_a_access_token", *store_b)


class RecheckSettings(SettingsBase):
    """When a product whose write got no answer is synced again (the service's sweep runs it)."""

    catalog_recheck_after_secs: float = Field(
        default=120.0,
        ge=0,
        description=(
            "After a write whose outcome is unknown (a timeout), the product is synced again "
            "this long after, when B can no longer apply the lost request (0: never)."
        ),
    )


class BackfillSettings(CatalogStoresSettings, MongoSettings, LoggingSettings, RecheckSettings):
    """`storebridge backfill catalog`: all of store A into the destinations."""


class ResyncSettings(CatalogStoresSettings, MongoSettings, RecheckSettings):
    """`storebridge catalog-sync resync`: sync named resources now, under the service's lease."""

    catalog_lease_secs: float = Field(
        default=60.0, gt=0, description="How long one worker holds a product's sync lease."
    )


class ReconcileSettings(ResyncSettings):
    """`storebridge catalog-sync reconcile`: a reconcile pass now, under the service's lease."""

    sync_period_in_secs: int = Field(
        default=15,
        ge=0,
        description=(
            "Seconds between reconcile passes, which sync what changed in store A since the "
            "last pass (edits BigCommerce sends no webhook for); 0 turns the pass off."
        ),
    )
    catalog_full_compare_hours: float = Field(
        default=24.0,
        ge=0,
        description=(
            "Hours between full compares (all of A and B by SKU, for edits that leave "
            "date_modified alone); 0: only `catalog-sync reconcile --full`."
        ),
    )
    catalog_reconcile_quota_share: float = Field(
        default=0.3,
        gt=0,
        le=1,
        description="Most of each store's request quota per window a reconcile pass may use.",
    )


class CatalogSyncSettings(ReconcileSettings, ConsumerSettings, AlertSettings, LoggingSettings):
    """`storebridge catalog-sync`: the catalog consumer."""

    ops_port: int | None = ops_port_field("CATALOG_SYNC_OPS_PORT", "catalog-sync")
    catalog_sweep_interval_secs: float = Field(
        default=30.0,
        gt=0,
        description="How often catalog-sync finishes syncs left pending by a crashed worker.",
    )
