"""This storebridge's webhooks on the stores: the plan (pure) and its application.

Used by `storebridge hooks sync`, the ingress (`REGISTER_HOOKS_ON_START`) and the janitor's
periodic hook reconcile, so all three do exactly the same thing.
"""
