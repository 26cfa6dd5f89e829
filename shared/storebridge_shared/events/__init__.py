"""What flows through storebridge: the event envelope, inbound webhooks, scopes and routing keys.

Pure: nothing here does I/O.
"""
