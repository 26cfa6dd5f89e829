"""The baseline: a bare aiohttp handler answering 200 to every webhook (no auth, no storage)."""

from __future__ import annotations

import sys

from aiohttp import web


async def ok(request: web.Request) -> web.Response:
    """Read the body and answer 200."""
    await request.read()
    return web.json_response({"status": "ok"})


def main() -> None:
    """Serve on the port given as the only argument."""
    app = web.Application()
    app.router.add_post("/webhooks", ok)
    app.router.add_get("/readyz", ok)
    web.run_app(app, port=int(sys.argv[1]), access_log=None, print=None)


if __name__ == "__main__":
    main()
