"""Settings of the operator console, composed from the shared pieces."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, SecretStr, field_validator

from storebridge_shared.settings import (
    BrokerSettings,
    LoggingSettings,
    MongoSettings,
    ShutdownSettings,
    StockHookSettings,
    StoresSettings,
)

MIN_PASSWORD_LENGTH = 12


class ConsoleSettings(
    StockHookSettings,
    StoresSettings,
    BrokerSettings,
    MongoSettings,
    ShutdownSettings,
    LoggingSettings,
):
    """`storebridge console`: the operators' web pages (off the public internet by default)."""

    required_settings: ClassVar[tuple[str, ...]] = ("console_password",)

    console_host: str = Field(
        default="127.0.0.1",
        description="Address the console listens on (127.0.0.1: this machine only).",
    )
    console_port: int = Field(
        default=8090, ge=0, le=65535, description="Port of the console (0: any free port)."
    )
    console_password: SecretStr | None = Field(
        default=None,
        description=(
            f"Password of the console's login (at least {MIN_PASSWORD_LENGTH} characters; "
            "no default: `make run` generates one and prints it)."
        ),
    )
    console_secure_cookie: bool = Field(
        default=False,
        description="Mark the session cookie Secure (set it when the console is behind HTTPS).",
    )
    console_session_hours: float = Field(
        default=8.0, gt=0, description="How long a login lasts (hours)."
    )
    console_refresh_secs: int = Field(
        default=30, ge=5, description="How often the overview page reloads itself (seconds)."
    )
    console_service_urls: str = Field(
        default="",
        description=(
            "Base URLs of the services' ops endpoints, for the overview's health column: "
            "name=url pairs separated by commas (ingress=http://127.0.0.1:8080,...)."
        ),
    )

    @field_validator("console_password")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < MIN_PASSWORD_LENGTH:
            raise ValueError(f"must be at least {MIN_PASSWORD_LENGTH} characters")
        return value

    @field_validator("console_service_urls")
    @classmethod
    def _pairs(cls, value: str) -> str:
        for pair in filter(None, (p.strip() for p in value.split(","))):
            name, _, url = pair.partition("=")
            if not name or not url.startswith(("http://", "https://")):
                raise ValueError(f"not a name=http(s)://... pair: {pair!r}")
        return value

    def service_urls(self) -> dict[str, str]:
        """The configured ops base URL of each service, by name, in the order given."""
        pairs = (p.strip().partition("=") for p in self.console_service_urls.split(","))
        return {name.strip(): url.strip().rstrip("/") for name, _, url in pairs if name}
