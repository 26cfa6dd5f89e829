"""Resource rules of the simulated store, free of HTTP: validate, change state, raise events."""
