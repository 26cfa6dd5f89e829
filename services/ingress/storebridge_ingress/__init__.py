"""storebridge_ingress."""
