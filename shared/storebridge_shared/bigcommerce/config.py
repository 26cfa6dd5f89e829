"""Tunables of a BigCommerce client and the pooled httpx client it opens."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx

from storebridge_shared import __version__
from storebridge_shared.bigcommerce.retries import RetryPolicy
from storebridge_shared.settings import StoreCredentials, StoresSettings

DEFAULT_API_URL = "https://api.bigcommerce.com"


@dataclass(frozen=True, slots=True)
class ClientConfig:
    """Tunables of one client; the defaults suit a Standard or Plus plan."""

    max_concurrency: int = 8
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 30.0
    write_timeout_s: float = 30.0
    pool_timeout_s: float = 10.0
    keepalive_expiry_s: float = 30.0
    quota_reserve: int = 0
    quota_share: float = 1.0
    """Most of each window's quota this client itself may spend (0.3: 30 %); 1.0 = no cap."""
    retry: RetryPolicy = field(default_factory=RetryPolicy)


def retry_policy(settings: StoresSettings) -> RetryPolicy:
    """The retry policy the settings ask for (`BIGCOMMERCE_RATE_LIMIT_WAIT_SECS`)."""
    return RetryPolicy(rate_limit_wait_s=settings.bigcommerce_rate_limit_wait_secs)


def open_http_client(
    base_url: str,
    store: StoreCredentials,
    config: ClientConfig,
    transport: httpx.AsyncBaseTransport | None = None,
) -> httpx.AsyncClient:
    """An httpx client for one store: auth headers, explicit timeouts, a bounded pool."""
    return httpx.AsyncClient(
        base_url=base_url,
        headers=auth_headers(store),
        timeout=httpx.Timeout(
            connect=config.connect_timeout_s,
            read=config.read_timeout_s,
            write=config.write_timeout_s,
            pool=config.pool_timeout_s,
        ),
        limits=httpx.Limits(
            max_connections=config.max_concurrency,
            max_keepalive_connections=config.max_concurrency,
            keepalive_expiry=config.keepalive_expiry_s,
        ),
        transport=transport,
    )


def auth_headers(store: StoreCredentials) -> dict[str, str]:
    """Headers sent on every call; Content-Type is added by httpx on JSON bodies."""
    headers = {
        "X-Auth-Token": store.access_token.get_secret_value(),
        "Accept": "application/json",
        "User-Agent": f"storebridge/{package_version()}",
    }
    if store.client_id:
        headers["X-Auth-Client"] = store.client_id
    return headers


def package_version() -> str:
    """The installed storebridge version (`storebridge_shared.__version__`)."""
    return __version__
