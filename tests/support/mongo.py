"""MongoDB URI helpers for tests."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def uri_with_database(uri: str, database: str, *, port: int | None = None) -> str:
    """`uri` pointing at `database` (and optionally at another port on 127.0.0.1)."""
    parts = urlsplit(uri)
    netloc = parts.netloc
    if port is not None:
        credentials, at, _ = netloc.rpartition("@")
        netloc = f"{credentials}{at}127.0.0.1:{port}"
    return urlunsplit((parts.scheme, netloc, f"/{database}", parts.query, ""))


def host_port(uri: str) -> tuple[str, int]:
    """Host and port of a single-host MongoDB URI."""
    netloc = urlsplit(uri).netloc.rsplit("@", 1)[-1]
    host, _, port = netloc.partition(":")
    return host, int(port or 27017)
