"""What keeps a service operable: structured logs, metrics exposition, the ops server (health,
readiness, metrics), alerts and the event loop.
"""
