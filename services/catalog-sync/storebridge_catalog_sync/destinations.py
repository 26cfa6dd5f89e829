"""Which destination stores to sync into: store B from the environment, or N from a file.

File (YAML or JSON; `.json` is read as JSON, anything else as YAML):

    destinations:
      - name: B
        store_hash: def456
        access_token_env: STORE_B_ACCESS_TOKEN   # or access_token: ... (keep secrets out of git)
        client_id: ""
        channel_id: 2           # channel on store A standing for this store (optional)
        delete_policy: disable  # ignore | disable | delete (default: CATALOG_DELETE_POLICY)
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field, SecretStr, ValidationError

from storebridge_catalog_sync.outcomes import DeletePolicy
from storebridge_catalog_sync.settings import CatalogStoresSettings
from storebridge_shared.settings import ConfigurationError, StoreCredentials


class DestinationConfig(BaseModel):
    """One destination store as configured."""

    name: str = Field(min_length=1)
    store_hash: str = Field(pattern=r"^[A-Za-z0-9]+$")
    access_token: SecretStr | None = None
    access_token_env: str | None = None
    client_id: str = ""
    channel_id: int | None = Field(default=None, ge=1)
    delete_policy: DeletePolicy | None = None

    def credentials(self) -> StoreCredentials:
        """The store's API credentials (token from the file or from the named variable)."""
        token = self.access_token
        if token is None and self.access_token_env:
            value = os.environ.get(self.access_token_env, "")
            token = SecretStr(value) if value else None
        if token is None:
            raise ConfigurationError(f"destination {self.name}: no access token")
        return StoreCredentials(
            name=self.name, store_hash=self.store_hash, access_token=token, client_id=self.client_id
        )


class DestinationsFile(BaseModel):
    """The destinations file."""

    destinations: list[DestinationConfig] = Field(min_length=1)


def _read(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)


def configured_destinations(settings: CatalogStoresSettings) -> list[DestinationConfig]:
    """The destinations: from CATALOG_DESTINATIONS_FILE when set, else store B."""
    policy = DeletePolicy(settings.catalog_delete_policy)
    if settings.catalog_destinations_file:
        path = Path(settings.catalog_destinations_file)
        try:
            loaded = DestinationsFile.model_validate(_read(path))
        except (OSError, ValueError, yaml.YAMLError, ValidationError) as error:
            message = str(error).splitlines()[0]
            raise ConfigurationError(f"CATALOG_DESTINATIONS_FILE {path}: {message}") from None
        return [
            d.model_copy(update={"delete_policy": d.delete_policy or policy})
            for d in loaded.destinations
        ]
    assert settings.store_b_access_token is not None  # required by the settings class
    return [
        DestinationConfig(
            name="B",
            store_hash=settings.store_b_hash,
            access_token=settings.store_b_access_token,
            client_id=settings.store_b_client_id,
            channel_id=settings.store_b_channel_on_store_a,
            delete_policy=policy,
        )
    ]


def source_credentials(settings: CatalogStoresSettings) -> StoreCredentials:
    """Store A, the source."""
    return next(s for s in settings.stores() if s.name == "A")
