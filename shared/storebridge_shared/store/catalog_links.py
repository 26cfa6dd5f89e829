"""The read side of `catalog_links` for people: one source resource's id in every destination.

catalog-sync writes the links (`storebridge_catalog_sync.store.links`, one document per
(source, destination, kind, source id)); the console's resource page reads them here, by the
index `by_source_id` (`$eq` forms: index-backed on the stand-in too, `forms.py`).
"""

from __future__ import annotations

from storebridge_shared.records.activity import LinkRecord
from storebridge_shared.store.client import Database
from storebridge_shared.store.collections import LINKS
from storebridge_shared.store.forms import equals


async def links_of(db: Database, source: str, kind: str, source_id: int) -> list[LinkRecord]:
    """Where the `kind` resource `source_id` of store `source` is linked, by destination."""
    cursor = db[LINKS].find(
        {"source": equals(source), "kind": equals(kind), "source_id": equals(int(source_id))}
    )
    found = [
        LinkRecord(
            destination=str(document["destination"]),
            kind=str(document["kind"]),
            source_id=int(document["source_id"]),
            destination_id=int(document["destination_id"]),
            key=str(document.get("key", "")),
        )
        async for document in cursor
    ]
    return sorted(found, key=lambda link: link.destination)
