"""Which destination stores to sync into: store B from the environment, or N from a file.

File (YAML or JSON; `.json` is read as JSON, anything else as YAML):

    destinations:
      - name: B
        store_hash: def456
        access_token_env: STORE_B_ACCESS_TOKEN   # or access_token: ... (keep secrets out of git)
        client_id: ""
        channel_id: 2           # channel on store A standing for this store (optional)
        delete_policy: disable  # ignore | disable | delete (default: CATALOG_DELETE_POLICY)
        rules:                  # optional: scope, fields, prices, stock, availability
          prices: {currency: EUR, currency_rate: 0.92, round: "0.99"}

Store B from the environment takes its rules from STORE_B_RULES (the same `rules:` as YAML or
JSON). The rules' format: `planning.rules.config`; docs/catalog-sync.md, "Per-destination rules".
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field, SecretStr, ValidationError

from storebridge_catalog_sync.outcomes import DeletePolicy
from storebridge_catalog_sync.planning.rules.config import NO_RULES, DestinationRules
from storebridge_catalog_sync.settings import CatalogStoresSettings
from storebridge_shared.settings import ConfigurationError, StoreCredentials, read_config_file


class DestinationConfig(BaseModel):
    """One destination store as configured."""

    name: str = Field(min_length=1)
    store_hash: str = Field(pattern=r"^[A-Za-z0-9]+$")
    access_token: SecretStr | None = None
    access_token_env: str | None = None
    client_id: str = ""
    channel_id: int | None = Field(default=None, ge=1)
    delete_policy: DeletePolicy | None = None
    rules: DestinationRules = NO_RULES

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


def _where(data: Any, loc: tuple[int | str, ...]) -> str:
    """`destination EU, rule prices.round` for an error's location in the file."""
    if len(loc) < 2 or loc[0] != "destinations" or not isinstance(loc[1], int):
        return ".".join(map(str, loc)) or "file"
    try:
        name = str(data["destinations"][loc[1]].get("name") or f"#{loc[1] + 1}")
    except (KeyError, IndexError, TypeError, AttributeError):
        name = f"#{loc[1] + 1}"
    rest = [str(part) for part in loc[2:]]
    if rest[:1] == ["rules"] and len(rest) > 1:
        return f"destination {name}, rule {'.'.join(rest[1:])}"
    return f"destination {name}" + (f", {'.'.join(rest)}" if rest else "")


def rules_error(data: Any, error: ValidationError) -> str:
    """Every error of a file in one line, each naming its destination and rule."""
    return "; ".join(f"{_where(data, tuple(e['loc']))}: {_message(e)}" for e in error.errors())


def _message(error: Any) -> str:
    return str(error["msg"]).removeprefix("Value error, ")


def _load_file(path: Path) -> DestinationsFile:
    try:
        data = read_config_file(path)
    except (OSError, ValueError, yaml.YAMLError) as error:
        message = str(error).splitlines()[0]
        raise ConfigurationError(f"CATALOG_DESTINATIONS_FILE {path}: {message}") from None
    try:
        return DestinationsFile.model_validate(data)
    except ValidationError as error:
        message = rules_error(data, error)
        raise ConfigurationError(f"CATALOG_DESTINATIONS_FILE {path}: {message}") from None


def store_b_rules(text: str | None) -> DestinationRules:
    """STORE_B_RULES (YAML or JSON) as store B's rules; none: a full copy."""
    if not text:
        return NO_RULES
    try:
        return DestinationRules.model_validate(yaml.safe_load(text) or {})
    except yaml.YAMLError as error:
        message = str(error).splitlines()[0]
        raise ConfigurationError(f"STORE_B_RULES: {message}") from None
    except ValidationError as error:
        data = {"destinations": [{"name": "B", "rules": None}]}
        located = [(e, ("destinations", 0, "rules", *e["loc"])) for e in error.errors()]
        message = "; ".join(f"{_where(data, loc)}: {_message(e)}" for e, loc in located)
        raise ConfigurationError(f"STORE_B_RULES: {message}") from None


def configured_destinations(settings: CatalogStoresSettings) -> list[DestinationConfig]:
    """The destinations: from CATALOG_DESTINATIONS_FILE when set, else store B."""
    policy = DeletePolicy(settings.catalog_delete_policy)
    if settings.catalog_destinations_file:
        loaded = _load_file(Path(settings.catalog_destinations_file))
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
            rules=store_b_rules(settings.store_b_rules),
        )
    ]


def source_credentials(settings: CatalogStoresSettings) -> StoreCredentials:
    """Store A, the source."""
    return next(s for s in settings.stores() if s.name == "A")
