"""Settings from the environment and a `.env` file, validated once at start-up.

Pieces (MongoDB, broker, stores, logs, alerts, consumer) are composed into one class per service
and per CLI command family, in that service's own `settings.py`. The variable names of the
Node.js store-sync app are kept (`APP_URL`, `PORT`, `MONGODB_URI`, `STORE_A_*`, `STORE_B_*`, ...),
so its users can reuse their `.env` unchanged.
"""

from storebridge_shared.settings.base import (
    LOCAL_RUN_FILE,
    ConfigurationError,
    SettingsBase,
    env_name,
    env_names,
)
from storebridge_shared.settings.consumer import ConsumerSettings
from storebridge_shared.settings.hooks import (
    ChannelRuleSettings,
    HookTargetSettings,
    InventoryRuleSettings,
    StockHookSettings,
    read_config_file,
)
from storebridge_shared.settings.infrastructure import (
    BrokerSettings,
    MongoSettings,
    NamespaceSettings,
)
from storebridge_shared.settings.loading import load_settings
from storebridge_shared.settings.ops import AlertSettings, LoggingSettings, ShutdownSettings
from storebridge_shared.settings.stores import StoreCredentials, StoresSettings

__all__ = [
    "LOCAL_RUN_FILE",
    "AlertSettings",
    "BrokerSettings",
    "ChannelRuleSettings",
    "ConfigurationError",
    "ConsumerSettings",
    "HookTargetSettings",
    "InventoryRuleSettings",
    "LoggingSettings",
    "MongoSettings",
    "NamespaceSettings",
    "SettingsBase",
    "ShutdownSettings",
    "StockHookSettings",
    "StoreCredentials",
    "StoresSettings",
    "env_name",
    "env_names",
    "load_settings",
    "read_config_file",
]
