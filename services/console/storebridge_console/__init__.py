"""The operator console: server-rendered pages over the same stores, broker and API as the CLI."""
