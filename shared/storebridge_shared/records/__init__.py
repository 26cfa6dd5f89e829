"""The records operators see, as the stores write them and every reader shows them (pure).

`activity`: the activity register (catalog runs, per-resource outcomes, id links);
`orders`: the order replicator's poll runs and stored orders; `order_states`: the states an
order's document goes through. Nothing here does I/O, so the console's view models and
`storebridge status` read them without importing a store.
"""
