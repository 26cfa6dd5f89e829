"""`python -m storebridge_catalog_sync`: read settings and run the consumer."""

from storebridge_catalog_sync.app import main
from storebridge_catalog_sync.settings import CatalogSyncSettings
from storebridge_shared.settings import load_settings

main(load_settings(CatalogSyncSettings))
