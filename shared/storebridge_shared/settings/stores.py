"""Settings piece of the BigCommerce stores: A (the source) and B (the first destination)."""

from __future__ import annotations

from pydantic import BaseModel, Field, SecretStr, field_validator

from storebridge_shared.settings.base import SettingsBase


class StoreCredentials(BaseModel):
    """One BigCommerce store as configured: its role name, hash and API credentials."""

    name: str
    store_hash: str
    access_token: SecretStr
    client_id: str = ""


class StoresSettings(SettingsBase):
    """Stores A and B as the Node.js app named them, and the BigCommerce API they live on."""

    store_a_client_id: str = Field(default="", description="Store A (the source) API client id.")
    store_a_access_token: SecretStr | None = Field(
        default=None, description="Store A API access token (X-Auth-Token)."
    )
    store_a_hash: str = Field(default="", description="Store A hash, as in stores/{hash}.")
    store_b_client_id: str = Field(default="", description="Store B (destination) API client id.")
    store_b_access_token: SecretStr | None = Field(
        default=None, description="Store B API access token (X-Auth-Token)."
    )
    store_b_hash: str = Field(default="", description="Store B hash, as in stores/{hash}.")
    bigcommerce_api_url: str = Field(
        default="https://api.bigcommerce.com",
        description="BigCommerce API base URL; the sandbox URL in local runs and tests.",
    )
    bigcommerce_rate_limit_wait_secs: float = Field(
        default=300.0,
        ge=0,
        description="Longest one BigCommerce call waits out 429s (as often as they come) before"
        " it fails as rate-limited; 0 fails at the first 429.",
    )

    @field_validator("store_a_hash", "store_b_hash")
    @classmethod
    def _hash_is_a_path_segment(cls, value: str) -> str:
        if value and not value.isalnum():
            raise ValueError("a store hash is letters and digits only")
        return value

    def stores(self) -> list[StoreCredentials]:
        """The configured stores: A is the source, B the first destination."""
        found: list[StoreCredentials] = []
        for name, store_hash, token, client_id in (
            ("A", self.store_a_hash, self.store_a_access_token, self.store_a_client_id),
            ("B", self.store_b_hash, self.store_b_access_token, self.store_b_client_id),
        ):
            if store_hash and token is not None:
                found.append(
                    StoreCredentials(
                        name=name, store_hash=store_hash, access_token=token, client_id=client_id
                    )
                )
        return found

    def is_catalog_source(self, store: StoreCredentials) -> bool:
        """Whether catalog-sync reads its catalog from `store` (store A; every other store is a
        destination at most, whose catalog events nothing consumes)."""
        return bool(self.store_a_hash) and store.store_hash == self.store_a_hash

    def store_hashes(self) -> frozenset[str]:
        """Hashes of the configured stores (the only producers the ingress accepts)."""
        return frozenset(h for h in (self.store_a_hash, self.store_b_hash) if h)
