"""Sandbox configuration: listen address, stores and their tokens, seeding, limits, webhooks."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

DEFAULT_FIXTURE = Path(__file__).parent / "fixtures" / "default.json"
EMPTY_FIXTURE = Path(__file__).parent / "fixtures" / "empty.json"
"""A store with no catalog and no orders (the storefront channel only)."""


class TokenConfig(BaseModel):
    """One API account of a store: its access token and the client id hooks are filed under."""

    model_config = ConfigDict(frozen=True)

    token: str = Field(min_length=1, description="Value clients send in X-Auth-Token.")
    client_id: str = Field(
        default="",
        description="Client id owning the hooks this token creates (derived from the token).",
    )

    @model_validator(mode="after")
    def _derive_client_id(self) -> TokenConfig:
        if not self.client_id:
            derived = hashlib.sha1(self.token.encode()).hexdigest()[:31]
            object.__setattr__(self, "client_id", derived)
        return self


class StoreConfig(BaseModel):
    """One simulated store."""

    model_config = ConfigDict(frozen=True)

    store_hash: str = Field(
        pattern=r"^[A-Za-z0-9]+$", description="Path segment of /stores/{store_hash}/..."
    )
    tokens: list[TokenConfig] = Field(
        min_length=1, description="API accounts allowed to call this store."
    )
    store_id: str = Field(
        default="",
        description="Numeric store id sent as `store_id` in webhooks (derived from the hash).",
    )
    signing_secret: str | None = Field(
        default=None,
        description="When set, deliveries carry Standard-Webhooks headers signed with this secret.",
    )
    fixture: Path | None = Field(
        default=None,
        description="Seed fixture of this store; overrides SandboxConfig.seed_fixture.",
    )
    status_updated_with_status: bool = Field(
        default=True,
        description="False: store/order/statusUpdated comes without data.status (older stores).",
    )

    @model_validator(mode="after")
    def _derive_store_id(self) -> StoreConfig:
        if not self.store_id:
            derived = str(int(hashlib.sha1(self.store_hash.encode()).hexdigest()[:7], 16))
            object.__setattr__(self, "store_id", derived)
        return self

    @classmethod
    def from_spec(cls, spec: str) -> StoreConfig:
        """Parse `hash:token[:client_id]`, the compact form a command line uses."""
        parts = spec.split(":")
        if len(parts) not in (2, 3):
            raise ValueError(f"store spec {spec!r} is not hash:token[:client_id]")
        client_id = parts[2] if len(parts) == 3 else ""
        return cls(store_hash=parts[0], tokens=[TokenConfig(token=parts[1], client_id=client_id)])

    @property
    def token(self) -> str:
        """The first access token."""
        return self.tokens[0].token


def _default_stores() -> list[StoreConfig]:
    return [StoreConfig.from_spec("abc123:sandbox-token-abc123")]


class SandboxConfig(BaseModel):
    """Everything the BigCommerce sandbox needs to start."""

    model_config = ConfigDict(frozen=True)

    host: str = Field(default="127.0.0.1", description="Interface to listen on.")
    port: int = Field(default=8700, ge=0, le=65535, description="TCP port (0 = any free port).")
    stores: list[StoreConfig] = Field(
        default_factory=_default_stores,
        min_length=1,
        description="Stores served, each with its access tokens (default abc123).",
    )
    seed_fixture: Path | None = Field(
        default=DEFAULT_FIXTURE,
        description="Fixture seeding every store on start and reset; None starts empty stores.",
    )
    state_file: Path | None = Field(
        default=None,
        description="JSON file the state is saved to and restored from across restarts.",
    )
    rate_limit_quota: int = Field(
        default=150, ge=1, description="Requests allowed per store per window (Standard plan: 150)."
    )
    rate_limit_window_ms: int = Field(
        default=30000, ge=1, description="Rate-limit window length in milliseconds."
    )
    webhook_time_compression: float = Field(
        default=1.0,
        gt=0,
        description="Divides the webhook retry schedule (60 s ... 86400 s); 3600 makes hours s.",
    )
    blocklist_time_compression: float | None = Field(
        default=None,
        gt=0,
        description="Divides the blocklist's 2-min window and 3-min block (None: as the retries).",
    )
    webhook_timeout_s: float = Field(
        default=10.0, gt=0, description="Seconds a webhook destination has to answer."
    )
    enforce_https_destinations: bool = Field(
        default=False, description="Reject hook destinations that are not https on port 443."
    )
    public_url: str | None = Field(
        default=None,
        description="Base URL used in v2 resource links; None uses the URL the request came to.",
    )
    random_seed: int | None = Field(
        default=None, description="Seed of the fault injector's random draws (None = random)."
    )

    def store(self, store_hash: str) -> StoreConfig | None:
        """The configuration of one store, if served."""
        return next((s for s in self.stores if s.store_hash == store_hash), None)
