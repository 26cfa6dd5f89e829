"""Which index serves a query: the commands a piece of code sends, their `explain`, and the
declared indexes (`storebridge_shared.store.collections.INDEXES`) they fit.

`recording()` records every read a client created inside it sends (PyMongo command
monitoring). `explained(db, query)` asks the server for the plan: on MongoDB the command's own
`explain` (a tree of stages: on an index when no `COLLSCAN` is in it); on the nx-27017 stand-in
the `explain` of a `find` with the same filter, which is SQLite's plan of the filter alone (a
list of `{detail}` lines: on an index when one says `SEARCH ... USING ... INDEX` and none scans
the collection; sort, limit, `count` and `distinct` are not explained there:
docs/mongodb-stand-in.md). `declared_index(query)` is the check right on both: the index whose
first key the filter constrains, or, with no filter, the one the sort or the distinct key
starts.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pymongo import monitoring

from storebridge_shared.store.collections import INDEXES

READS = ("find", "count", "distinct", "aggregate")
WRITES_WITH_FILTERS = {"delete": "deletes", "update": "updates"}
OPERATORS = frozenset({"$eq", "$in", "$gt", "$gte", "$lt", "$lte", "$ne"})


@dataclass(frozen=True)
class Query:
    """One query as sent: its collection, filter, sort and (for distinct) key."""

    command: str
    collection: str
    filter: Mapping[str, Any]
    sort: tuple[tuple[str, int], ...] = ()
    key: str = ""
    limit: int = 0

    def __str__(self) -> str:
        sort = f" sort {dict(self.sort)}" if self.sort else ""
        key = f" key {self.key}" if self.key else ""
        return f"{self.command} {self.collection} {dict(self.filter)}{sort}{key}"


def _queries(name: str, command: Mapping[str, Any]) -> list[Query]:
    collection = str(command[name])
    if name == "find":
        sort = tuple((str(k), int(v)) for k, v in (command.get("sort") or {}).items())
        limit = int(command.get("limit") or 0)
        return [Query(name, collection, dict(command.get("filter") or {}), sort, limit=limit)]
    if name == "count":
        return [Query(name, collection, dict(command.get("query") or {}))]
    if name == "distinct":
        return [Query(name, collection, dict(command.get("query") or {}), key=command["key"])]
    if name == "aggregate":
        match = next((s["$match"] for s in command.get("pipeline", []) if "$match" in s), {})
        return [Query(name, collection, dict(match))]
    return [
        Query(name, collection, dict(statement.get("q") or {}))
        for statement in command.get(WRITES_WITH_FILTERS[name], [])
    ]


@dataclass
class _Recorder(monitoring.CommandListener):
    active: bool = False
    seen: list[Query] = field(default_factory=list)

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        name = event.command_name
        if self.active and (name in READS or name in WRITES_WITH_FILTERS):
            self.seen.extend(_queries(name, event.command))

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        """Nothing to record."""

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        """Nothing to record."""


_RECORDER = _Recorder()
monitoring.register(_RECORDER)  # every client created from now on reports to it


@contextlib.contextmanager
def recording() -> Iterator[list[Query]]:
    """The queries sent inside the block, each distinct one once, in order."""
    _RECORDER.active, _RECORDER.seen = True, []
    found: list[Query] = []
    try:
        yield found
    finally:
        _RECORDER.active = False
        for query in _RECORDER.seen:
            if str(query) not in {str(q) for q in found}:
                found.append(query)


def _first_keys(collection: str) -> list[tuple[str, str, list[str]]]:
    indexes = [("_id_", "_id", ["_id"])]
    for model in INDEXES.get(collection, []):
        keys = [name for name, _ in model.document["key"].items()]
        indexes.append((str(model.document["name"]), keys[0], keys))
    return indexes


def _constrained(filter_: Mapping[str, Any]) -> set[str]:
    """The fields the filter bounds in a way an index can use (equality, `$in`, ranges)."""
    fields = set()
    for name, condition in filter_.items():
        if name.startswith("$"):
            continue
        if not isinstance(condition, Mapping) or set(condition) & OPERATORS:
            fields.add(name)
    return fields


def _leading(keys: list[str], constrained: set[str]) -> int:
    """How many of the index's first keys the filter constrains."""
    count = 0
    for key in keys:
        if key not in constrained:
            break
        count += 1
    return count


def declared_index(query: Query) -> str | None:
    """The declared index that serves `query` best, by its shape: the one with the most leading
    keys the filter constrains, or with no filter the one the sort or the distinct key starts
    (None: the query would scan)."""
    constrained = _constrained(query.filter)
    leading = query.sort[0][0] if query.sort else query.key
    best, best_count = None, 0
    for name, first, keys in _first_keys(query.collection):
        count = _leading(keys, constrained)
        if count > best_count:
            best, best_count = name, count
        elif best is None and not constrained and first == leading:
            best = name
    return best


@dataclass(frozen=True)
class Plan:
    """What the server said about one query."""

    backend: str
    """`mongodb` or `stand-in`."""
    on_index: bool
    detail: str


def _stages(node: Any) -> Iterator[str]:
    if isinstance(node, Mapping):
        if "stage" in node:
            yield str(node["stage"])
        for value in node.values():
            yield from _stages(value)
    elif isinstance(node, list):
        for item in node:
            yield from _stages(item)


def _mongodb_explain(query: Query) -> dict[str, Any]:
    if query.command == "find":
        body: dict[str, Any] = {"find": query.collection, "filter": dict(query.filter)}
        if query.sort:
            body["sort"] = dict(query.sort)
        if query.limit:
            body["limit"] = query.limit
        return body
    if query.command == "count":
        return {"count": query.collection, "query": dict(query.filter)}
    if query.command == "distinct":
        return {"distinct": query.collection, "key": query.key, "query": dict(query.filter)}
    if query.command == "delete":
        return {"delete": query.collection, "deletes": [{"q": dict(query.filter), "limit": 0}]}
    return {"find": query.collection, "filter": dict(query.filter)}


async def explained(db: Any, query: Query) -> Plan:
    """The server's plan of `query` (see the module's text for each backend)."""
    probe = await db.command("explain", {"find": query.collection, "filter": dict(query.filter)})
    winning = probe.get("queryPlanner", {}).get("winningPlan")
    if isinstance(winning, list):  # the stand-in: SQLite's plan lines of the filter
        lines = [str(step.get("detail", "")) for step in winning]
        full_scan = any(re.fullmatch(rf"SCAN {re.escape(query.collection)}", x) for x in lines)
        searched = any(re.match(r"SEARCH \S+ USING (COVERING )?INDEX", x) for x in lines)
        return Plan("stand-in", searched and not full_scan, "; ".join(lines))
    reply = await db.command("explain", _mongodb_explain(query), verbosity="queryPlanner")
    stages = list(_stages(reply.get("queryPlanner", {}).get("winningPlan", {})))
    return Plan("mongodb", "COLLSCAN" not in stages, " > ".join(stages))
