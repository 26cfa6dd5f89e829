"""Describe the settings a command reads, from the Settings model's own field descriptions."""

from __future__ import annotations

from collections.abc import Sequence

from storebridge_shared.settings import Settings

COMMON = (
    "mongodb_uri",
    "mongodb_timeout_ms",
    "amqp_url",
    "broker_namespace",
    "log_format",
    "log_level",
)
STORES = (
    "store_a_hash",
    "store_a_access_token",
    "store_a_client_id",
    "store_b_hash",
    "store_b_access_token",
    "store_b_client_id",
    "bigcommerce_api_url",
)
CONSUMER = ("consumer_prefetch", "consumer_max_attempts", "shutdown_grace_secs")


def settings_help(names: Sequence[str]) -> str:
    """An epilog listing each environment variable with its meaning and default."""
    lines = ["settings (environment variables or a .env file in the working directory):"]
    for name in names:
        field = Settings.model_fields[name]
        default = "required" if field.is_required() else f"default {field.default!r}"
        if field.default is None and any(w in name for w in ("secret", "token")):
            default = "secret, unset by default"
        lines.append(f"  {name.upper():34} {field.description or ''} ({default})")
    return "\n".join(lines)
