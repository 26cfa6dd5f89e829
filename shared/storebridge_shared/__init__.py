"""storebridge shared schema package: envelope, topology, settings, persistence, clients."""
