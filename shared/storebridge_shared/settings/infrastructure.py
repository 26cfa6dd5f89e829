"""Settings pieces of the infrastructure: MongoDB, RabbitMQ and the broker namespace."""

from __future__ import annotations

from urllib.parse import urlsplit

from pydantic import Field, field_validator

from storebridge_shared.settings.base import SettingsBase


class MongoSettings(SettingsBase):
    """Where MongoDB is and how long an outage is waited out."""

    mongodb_uri: str = Field(
        default="mongodb://127.0.0.1:27017/storebridge",
        description="MongoDB connection string; the database name is taken from its path.",
    )
    mongodb_timeout_ms: int = Field(
        default=3000, ge=100, description="How long a MongoDB outage is waited out per call."
    )

    @field_validator("mongodb_uri")
    @classmethod
    def _mongodb_scheme(cls, value: str) -> str:
        if not value.startswith(("mongodb://", "mongodb+srv://")):
            raise ValueError("must start with mongodb:// or mongodb+srv://")
        return value

    @property
    def mongodb_database(self) -> str:
        """Database named in the URI path, `storebridge` when the path is empty."""
        return urlsplit(self.mongodb_uri).path.strip("/") or "storebridge"


class NamespaceSettings(SettingsBase):
    """The namespace that keeps one storebridge's names apart from another's."""

    broker_namespace: str = Field(
        default="storebridge",
        pattern=r"^[a-z0-9][a-z0-9._-]*$",
        description="Prefix of every exchange and queue name (tests use their own).",
    )


class BrokerSettings(NamespaceSettings):
    """Where RabbitMQ is, and the namespace of every name on it."""

    amqp_url: str = Field(
        default="amqp://guest:guest@127.0.0.1:5672/", description="RabbitMQ connection URL."
    )

    @field_validator("amqp_url")
    @classmethod
    def _amqp_scheme(cls, value: str) -> str:
        if not value.startswith(("amqp://", "amqps://")):
            raise ValueError("must start with amqp:// or amqps://")
        return value
