"""storebridge shared schema package: envelope, topology, settings, persistence, clients."""

from importlib import metadata

try:
    __version__ = metadata.version("storebridge")
    """The installed storebridge version; pyproject.toml's `version` is the one source."""
except metadata.PackageNotFoundError:  # pragma: no cover - running from a tree never installed
    __version__ = "0+unknown"
