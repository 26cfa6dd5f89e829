"""Settings read from the environment and a `.env` file, validated once at start-up.

The variable names of the Node.js store-sync app are kept (`APP_URL`, `PORT`, `MONGODB_URI`,
`STORE_A_*`, `STORE_B_*`, ...), so its users can reuse their `.env` unchanged.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class ConfigurationError(Exception):
    """A missing or malformed setting; the message is one line naming the variable."""


class StoreCredentials(BaseModel):
    """One BigCommerce store as configured: its role name, hash and API credentials."""

    name: str
    store_hash: str
    access_token: SecretStr
    client_id: str = ""


class Settings(BaseSettings):
    """Every storebridge setting. Services validate the subset they need with `require`."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        env_ignore_empty=True,  # `KEY=` in a copied .env.example means "not set"
        extra="ignore",
        case_sensitive=False,
    )

    app_url: str = Field(
        default="http://127.0.0.1:8080",
        description="Public base URL of the ingress; hooks are registered to APP_URL + /webhooks.",
    )
    port: int = Field(default=8080, ge=1, le=65535, description="Port the ingress listens on.")
    mongodb_uri: str = Field(
        default="mongodb://127.0.0.1:27017/storebridge",
        description="MongoDB connection string; the database name is taken from its path.",
    )
    mongodb_timeout_ms: int = Field(
        default=3000, ge=100, description="How long a MongoDB outage is waited out per call."
    )
    amqp_url: str = Field(
        default="amqp://guest:guest@127.0.0.1:5672/", description="RabbitMQ connection URL."
    )
    broker_namespace: str = Field(
        default="storebridge",
        pattern=r"^[a-z0-9][a-z0-9._-]*$",
        description="Prefix of every exchange and queue name (tests use their own).",
    )
    clean_period_in_hours: float = Field(
        default=2.0, gt=0, description="How often the janitor purges processed events."
    )
    event_retention_hours: float = Field(
        default=168.0, gt=0, description="Processed events older than this are purged (hours)."
    )
    janitor_interval_secs: float = Field(
        default=60.0,
        gt=0,
        description="How often the janitor re-drives, reports stuck events and refreshes metrics.",
    )
    stuck_event_minutes: float = Field(
        default=60.0,
        gt=0,
        description="Published events still unprocessed after this long are reported (alert).",
    )
    purge_batch_size: int = Field(
        default=500,
        ge=1,
        le=10000,
        description="Events deleted per purge batch (short pauses between).",
    )
    janitor_port: int = Field(
        default=9102,
        ge=0,
        le=65535,
        description="Port of the janitor's /healthz, /readyz and /metrics (0: any free port).",
    )
    sync_period_in_secs: int | None = Field(
        default=None,
        ge=1,
        description=(
            "Node.js app's polling period. Sync is event-driven now; kept as the period of the "
            "catalog reconcile pass that catches silent changes (no webhook for them)."
        ),
    )
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
    store_b_channel_on_store_a: int | None = Field(
        default=None,
        ge=1,
        description="Channel id on store A that stands for store B (the availability rule).",
    )
    catalog_delete_policy: Literal["ignore", "disable", "delete"] = Field(
        default="ignore",
        description="What a product/category deleted in A does in B: ignore, disable, delete.",
    )
    catalog_destinations_file: str | None = Field(
        default=None,
        description="YAML/JSON file listing N destination stores (replaces STORE_B_* when set).",
    )
    catalog_lease_secs: float = Field(
        default=60.0, gt=0, description="How long one worker holds a product's sync lease."
    )
    catalog_sweep_interval_secs: float = Field(
        default=30.0,
        gt=0,
        description="How often catalog-sync finishes syncs left pending by a crashed worker.",
    )

    webhook_secret: SecretStr | None = Field(
        default=None, description="Value of the X-Storebridge-Secret header on every delivery."
    )
    webhook_signing_secret: SecretStr | None = Field(
        default=None,
        description="App client secret; when set, Standard Webhooks signatures are verified too.",
    )
    webhook_max_body_bytes: int = Field(
        default=64 * 1024, ge=1024, description="Largest webhook body accepted (413 above)."
    )
    webhook_signature_tolerance_secs: int = Field(
        default=300, ge=1, description="Accepted clock skew of signed deliveries."
    )
    bigcommerce_api_url: str = Field(
        default="https://api.bigcommerce.com",
        description="BigCommerce API base URL; the sandbox URL in local runs and tests.",
    )
    alert_webhook_url: str | None = Field(
        default=None, description="Slack-compatible incoming-webhook URL for alerts (optional)."
    )
    smtp_host: str | None = Field(default=None, description="SMTP server for e-mail alerts.")
    smtp_port: int = Field(default=587, ge=1, le=65535, description="SMTP port.")
    smtp_username: str | None = Field(default=None, description="SMTP login (optional).")
    smtp_password: SecretStr | None = Field(default=None, description="SMTP password.")
    smtp_from: str | None = Field(default=None, description="Sender of e-mail alerts.")
    smtp_starttls: bool = Field(default=True, description="Use STARTTLS when offered.")
    alert_email_to: str | None = Field(
        default=None, description="Comma-separated recipients of e-mail alerts."
    )
    log_format: Literal["json", "console"] = Field(
        default="json", description="json in production, console for people."
    )
    log_level: Literal["debug", "info", "warning", "error"] = Field(
        default="info", description="Lowest level logged."
    )

    register_hooks_on_start: bool = Field(
        default=False, description="Run `storebridge hooks sync` when the ingress starts."
    )
    relay_interval_secs: float = Field(
        default=30.0,
        gt=0,
        description=(
            "How often the ingress relay sweeps for events left unpublished by any replica "
            "(a failed publish here wakes it at once)."
        ),
    )
    ops_port: int | None = Field(
        default=None,
        ge=0,
        le=65535,
        description="Port of /healthz, /readyz, /metrics of consumers and janitor (unset: off).",
    )
    consumer_prefetch: int = Field(
        default=20, ge=1, le=1000, description="Unacked messages a consumer holds at once."
    )
    consumer_max_attempts: int = Field(
        default=8, ge=1, le=100, description="Attempts before a message is dead-lettered."
    )
    shutdown_grace_secs: float = Field(
        default=20.0, gt=0, description="On SIGTERM, how long in-flight work may finish."
    )
    order_poll_interval_minutes: int = Field(
        default=15,
        ge=15,
        le=1440,
        description="Minutes between order-replicator polls for orders the webhooks missed.",
    )
    order_poll_statuses: str = Field(
        default="11,7,10",
        pattern=r"^\s*\d{1,2}(\s*,\s*\d{1,2})*\s*$",
        description="Comma-separated status ids whose orders are replicated (and polled for).",
    )
    order_poll_lookback_hours: float = Field(
        default=24.0,
        gt=0,
        description="How far back the first poll of a store looks (later polls: the watermark).",
    )
    order_status_physical: int = Field(
        default=9, ge=0, le=14, description="Status a replicated order moves to (Awaiting Shipment)"
    )
    order_status_digital: int = Field(
        default=8,
        ge=0,
        le=14,
        description="Status a replicated all-digital order moves to (Awaiting Pickup).",
    )
    order_drop_fields: str = Field(
        default="",
        description="Comma-separated dotted order fields not stored, e.g. billing_address.phone.",
    )
    order_mask_fields: str = Field(
        default="",
        description="Comma-separated dotted order fields stored masked, e.g. customer_email.",
    )
    order_store_concurrency: int = Field(
        default=3, ge=1, le=50, description="BigCommerce calls in flight per store (orders)."
    )
    order_max_attempts: int = Field(
        default=20,
        ge=1,
        le=100,
        description="Attempts at one order before it is dead-lettered (order-replicator's own).",
    )

    @field_validator("store_a_hash", "store_b_hash")
    @classmethod
    def _hash_is_a_path_segment(cls, value: str) -> str:
        if value and not value.isalnum():
            raise ValueError("a store hash is letters and digits only")
        return value

    @field_validator("mongodb_uri")
    @classmethod
    def _mongodb_scheme(cls, value: str) -> str:
        if not value.startswith(("mongodb://", "mongodb+srv://")):
            raise ValueError("must start with mongodb:// or mongodb+srv://")
        return value

    @field_validator("amqp_url")
    @classmethod
    def _amqp_scheme(cls, value: str) -> str:
        if not value.startswith(("amqp://", "amqps://")):
            raise ValueError("must start with amqp:// or amqps://")
        return value

    @property
    def mongodb_database(self) -> str:
        """Database named in the URI path, `storebridge` when the path is empty."""
        return urlsplit(self.mongodb_uri).path.strip("/") or "storebridge"

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

    def store_hashes(self) -> frozenset[str]:
        """Hashes of the configured stores (the only producers the ingress accepts)."""
        return frozenset(h for h in (self.store_a_hash, self.store_b_hash) if h)

    def require(self, *names: str) -> None:
        """Stop with one line naming the first required variable that is unset."""
        for name in names:
            value = getattr(self, name)
            if value is None or value == "":
                raise ConfigurationError(f"{name.upper()} is required but not set")


def load_settings(**overrides: object) -> Settings:
    """Read settings, turning a validation failure into one ConfigurationError line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        first = error.errors()[0]
        variable = ".".join(str(part) for part in first["loc"]).upper()
        raw = first.get("input")
        secret = any(word in variable for word in ("TOKEN", "SECRET", "PASSWORD"))
        shown = "" if raw is None or secret or isinstance(raw, dict) else f" (got {raw!r})"
        raise ConfigurationError(f"{variable}: {first['msg']}{shown}") from None
