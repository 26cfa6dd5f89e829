"""Settings piece of this storebridge's webhooks: the stores, APP_URL and the secret header."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field, SecretStr, model_validator

from storebridge_shared.settings.base import ConfigurationError, SettingsBase
from storebridge_shared.settings.infrastructure import NamespaceSettings
from storebridge_shared.settings.stores import StoresSettings


class InventoryRuleSettings(SettingsBase):
    """catalog-sync's stock rule, which decides whether store A needs the stock hooks."""

    catalog_inventory: Literal["keep", "mirror"] = Field(
        default="keep",
        description=(
            "catalog-sync's stock rule (see catalog-sync); with mirror, our hooks on store A also "
            "include the stock scopes (store/product/inventory/updated, "
            "store/product/inventory/order/updated and the store/sku/ ones)."
        ),
    )

    @property
    def mirrors_inventory(self) -> bool:
        """True when store A's stock hooks are needed."""
        return self.catalog_inventory == "mirror"


def read_config_file(path: Path) -> Any:
    """A YAML file, or JSON when its name ends in `.json` (the destinations file)."""
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)


class ChannelRuleSettings(SettingsBase):
    """The channels of store A that stand for destinations (catalog-sync's availability rule),
    which decide the channel assignment hooks store A needs."""

    store_b_channel_on_store_a: int | None = Field(
        default=None,
        ge=1,
        description="Channel id on store A that stands for store B (the availability rule).",
    )
    catalog_destinations_file: str | None = Field(
        default=None,
        description="YAML/JSON file listing N destination stores (replaces STORE_B_* when set).",
    )

    store_b_rules: str | None = Field(
        default=None,
        description=(
            "Store B's rules (scope, fields, prices, stock, availability) as YAML or JSON, "
            "the `rules:` of a destination in CATALOG_DESTINATIONS_FILE (docs/catalog-sync.md)."
        ),
    )

    def _listed(self) -> list[dict[str, Any]]:
        """The destinations file's `destinations` (CATALOG_DESTINATIONS_FILE), or store B's
        `rules` (STORE_B_RULES) as one destination."""
        if not self.catalog_destinations_file:
            try:
                rules = yaml.safe_load(self.store_b_rules) if self.store_b_rules else None
            except yaml.YAMLError as error:
                raise ConfigurationError(f"STORE_B_RULES: {error}") from None
            return [{"channel_id": self.store_b_channel_on_store_a, "rules": rules}]
        path = Path(self.catalog_destinations_file)
        try:
            listed = read_config_file(path)["destinations"]
            return [dict(d) for d in listed]
        except (OSError, ValueError, yaml.YAMLError, KeyError, TypeError, AttributeError) as error:
            message = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise ConfigurationError(f"CATALOG_DESTINATIONS_FILE {path}: {message}") from None

    def catalog_channel_ids(self) -> tuple[int, ...]:
        """Each destination's channel on store A: the file's `channel_id`s when it is set,
        else STORE_B_CHANNEL_ON_STORE_A (none: no channel rule)."""
        try:
            ids = {int(d["channel_id"]) for d in self._listed() if d.get("channel_id") is not None}
        except (ValueError, TypeError) as error:
            where = f"CATALOG_DESTINATIONS_FILE {self.catalog_destinations_file}"
            raise ConfigurationError(f"{where}: {error}") from None
        return tuple(sorted(ids))

    def disables_out_of_stock(self) -> bool:
        """True when some destination's rules disable its products while A has no stock
        (`availability: {disable_when_out_of_stock: true}`); catalog-sync validates the rules."""
        for destination in self._listed():
            rules = destination.get("rules")
            availability = rules.get("availability") if isinstance(rules, dict) else None
            if isinstance(availability, dict) and availability.get("disable_when_out_of_stock"):
                return True
        return False


class StockHookSettings(ChannelRuleSettings, InventoryRuleSettings):
    """Whether store A needs the stock hooks: catalog-sync mirrors stock, or a destination
    disables products out of stock in A."""

    def needs_stock_hooks(self) -> bool:
        """True when store A's stock hooks (`INVENTORY_HOOK_SCOPES`) are needed."""
        return self.mirrors_inventory or self.disables_out_of_stock()


class HookTargetSettings(StockHookSettings, NamespaceSettings, StoresSettings):
    """Where our hooks send deliveries (APP_URL), with which secret, on which stores."""

    app_url: str = Field(
        default="",
        description=(
            "Public base URL of the ingress; hooks are registered to APP_URL + /webhooks "
            "(unset: http://127.0.0.1:PORT)."
        ),
    )
    port: int = Field(default=8080, ge=1, le=65535, description="Port the ingress listens on.")
    webhook_secret: SecretStr | None = Field(
        default=None, description="Value of the X-Storebridge-Secret header on every delivery."
    )

    @model_validator(mode="after")
    def _app_url_from_port(self) -> HookTargetSettings:
        if not self.app_url:
            self.app_url = f"http://127.0.0.1:{self.port}"
        return self
