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
            "include store/product/inventory/updated and store/sku/inventory/updated."
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

    def catalog_channel_ids(self) -> tuple[int, ...]:
        """Each destination's channel on store A: the file's `channel_id`s when it is set,
        else STORE_B_CHANNEL_ON_STORE_A (none: no channel rule)."""
        if not self.catalog_destinations_file:
            found = self.store_b_channel_on_store_a
            return (found,) if found is not None else ()
        path = Path(self.catalog_destinations_file)
        try:
            data = read_config_file(path)
            listed = data["destinations"]
            ids = {int(d["channel_id"]) for d in listed if d.get("channel_id") is not None}
        except (OSError, ValueError, yaml.YAMLError, KeyError, TypeError, AttributeError) as error:
            message = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise ConfigurationError(f"CATALOG_DESTINATIONS_FILE {path}: {message}") from None
        return tuple(sorted(ids))


class HookTargetSettings(
    ChannelRuleSettings, InventoryRuleSettings, NamespaceSettings, StoresSettings
):
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
