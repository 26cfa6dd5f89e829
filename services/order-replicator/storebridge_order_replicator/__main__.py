"""`python -m storebridge_order_replicator`: read settings and run the replicator."""

from storebridge_order_replicator.app import main
from storebridge_order_replicator.settings import OrderReplicatorSettings
from storebridge_shared.settings import load_settings

main(load_settings(OrderReplicatorSettings))
