"""MongoDB is opened in one place, and that place honours MONGODB_TIMEOUT_MS."""

from __future__ import annotations

import pytest

from storebridge_shared.settings import MongoSettings
from storebridge_shared.store.client import StoreUnavailable, open_database
from storebridge_shared.testing.mongodb import free_port


async def test_given_mongodb_timeout_ms_when_the_database_is_opened_then_its_client_uses_it():
    settings = MongoSettings(mongodb_uri="mongodb://127.0.0.1:1/shop", mongodb_timeout_ms=1234)

    async with open_database(settings, indexes=False, max_pool_size=7) as db:
        options = db.client.options

    assert db.name == "shop"
    assert options.server_selection_timeout == pytest.approx(1.234)
    assert options.pool_options.connect_timeout == pytest.approx(1.234)
    assert options.pool_options.max_pool_size == 7
    assert options.write_concern.document == {"w": "majority", "j": True}


async def test_given_no_server_when_the_database_is_used_then_it_fails_as_unavailable():
    uri = f"mongodb://127.0.0.1:{free_port()}/shop"
    settings = MongoSettings(mongodb_uri=uri, mongodb_timeout_ms=200)

    async with open_database(settings, indexes=False) as db:
        with pytest.raises(StoreUnavailable):
            await db.command("ping")
