"""Settings piece of this storebridge's webhooks: the stores, APP_URL and the secret header."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, model_validator

from storebridge_shared.settings.base import SettingsBase
from storebridge_shared.settings.infrastructure import NamespaceSettings
from storebridge_shared.settings.stores import StoresSettings


class InventoryRuleSettings(SettingsBase):
    """catalog-sync's stock rule, which decides whether store A needs the stock hooks."""

    catalog_inventory: Literal["keep", "mirror"] = Field(
        default="keep",
        description=(
            "catalog-sync's stock rule (see catalog-sync); with mirror, our hooks on store A also "
            "include store/product/inventory/updated and store/sku/inventory/updated."
        ),
    )

    @property
    def mirrors_inventory(self) -> bool:
        """True when store A's stock hooks are needed."""
        return self.catalog_inventory == "mirror"


class HookTargetSettings(InventoryRuleSettings, NamespaceSettings, StoresSettings):
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
