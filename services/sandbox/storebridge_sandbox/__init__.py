"""storebridge_sandbox: a BigCommerce API stand-in (aiohttp) for development and tests."""

from storebridge_sandbox.app import create_app, run_sandbox
from storebridge_sandbox.config import SandboxConfig, StoreConfig, TokenConfig

__all__ = ["SandboxConfig", "StoreConfig", "TokenConfig", "create_app", "run_sandbox"]
