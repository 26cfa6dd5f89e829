"""The committed OpenAPI documents, and the routes an aiohttp application serves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from aiohttp import web

CONTRACTS = Path(__file__).resolve().parents[2] / "docs" / "contracts"
INGRESS_OPENAPI = CONTRACTS / "ingress.openapi.yaml"
CONSOLE_OPENAPI = CONTRACTS / "console.openapi.yaml"
METHODS = ("get", "put", "post", "delete", "patch")


def document(path: Path) -> dict[str, Any]:
    """A committed OpenAPI document, parsed."""
    loaded: dict[str, Any] = yaml.safe_load(path.read_text())
    return loaded


def documented_routes(openapi: dict[str, Any]) -> set[tuple[str, str]]:
    """(METHOD, path) of every operation of the document."""
    return {
        (method.upper(), path)
        for path, item in openapi["paths"].items()
        for method in item
        if method in METHODS
    }


def served_routes(app: web.Application) -> set[tuple[str, str]]:
    """(METHOD, path) of every route the application serves; aiohttp's implicit HEAD of a GET
    left out, and a path parameter's regex too (`{action:a|b}` is `{action}`)."""
    routes = set()
    for route in app.router.routes():
        if route.method == "HEAD":
            continue
        info = route.resource.get_info() if route.resource else {}
        path = info.get("path") or info.get("formatter") or info.get("prefix", "")
        routes.add((route.method, path))
    return routes
