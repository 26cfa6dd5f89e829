"""THE BigCommerce access of storebridge: one paced, retrying httpx client per store."""

from storebridge_shared.bigcommerce.api import Resource, V2Api, V3Api
from storebridge_shared.bigcommerce.client import BigCommerceClient
from storebridge_shared.bigcommerce.config import DEFAULT_API_URL, ClientConfig, retry_policy
from storebridge_shared.bigcommerce.errors import (
    BadRequest,
    BigCommerceError,
    Conflict,
    NotFound,
    PayloadTooLarge,
    RateLimited,
    ServerError,
    TransientError,
    Unauthorized,
    UnexpectedResponse,
    ValidationFailed,
)
from storebridge_shared.bigcommerce.metrics import ApiMetrics
from storebridge_shared.bigcommerce.retries import RetryPolicy
from storebridge_shared.bigcommerce.stats import CallStats
from storebridge_shared.bigcommerce.uncertain import UncertainWrite, watching_uncertain_writes

__all__ = [
    "DEFAULT_API_URL",
    "ApiMetrics",
    "BadRequest",
    "BigCommerceClient",
    "BigCommerceError",
    "CallStats",
    "ClientConfig",
    "Conflict",
    "NotFound",
    "PayloadTooLarge",
    "RateLimited",
    "Resource",
    "RetryPolicy",
    "ServerError",
    "TransientError",
    "Unauthorized",
    "UncertainWrite",
    "UnexpectedResponse",
    "V2Api",
    "V3Api",
    "ValidationFailed",
    "retry_policy",
    "watching_uncertain_writes",
]
