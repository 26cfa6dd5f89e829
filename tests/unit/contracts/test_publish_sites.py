"""Every place the code publishes is tied to the AsyncAPI document: each function that calls a
publishing method (or declares a FastStream publisher) is in `contracts.PUBLISH_SITES`, and
every title it names is a message of the document, so a new publish site without an entry, or
a message no site sends, fails here."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from storebridge_cli.contracts import PUBLISH_SITES, document, published_messages
from storebridge_shared.broker.asyncapi import failure_messages
from storebridge_shared.broker.topology import Topology

ROOT = Path(__file__).resolve().parents[3]
SOURCES = (ROOT / "shared", ROOT / "services")
PUBLISHING = {"publish", "publish_event", "send_to_queue", "forward", "publisher"}
"""Methods that put a message on the broker: aio-pika's and FastStream's (`publish`,
`publisher`) and storebridge's own (`BrokerPublisher`'s, `ConfirmedPublisher.publish`)."""


def module_name(path: Path) -> str:
    parts = path.with_suffix("").parts
    first = next(i for i, part in enumerate(parts) if part.startswith("storebridge_"))
    return ".".join(parts[first:])


SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def sites_in(node: ast.AST, scope: str) -> Iterator[str]:
    """`module:Qual.name` of each function (or class body) holding a publishing call."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, SCOPES):
            yield from sites_in(child, scope + ("" if scope.endswith(":") else ".") + child.name)
            continue
        if (
            isinstance(child, ast.Call)
            and isinstance(child.func, ast.Attribute)
            and child.func.attr in PUBLISHING
        ):
            yield scope
        yield from sites_in(child, scope)


def publish_sites() -> Iterator[str]:
    for source in SOURCES:
        for path in sorted(source.rglob("storebridge_*/**/*.py")):
            yield from sites_in(ast.parse(path.read_text(), str(path)), f"{module_name(path)}:")


def test_given_the_code_then_every_function_that_publishes_is_a_listed_publish_site():
    found = set(publish_sites())
    assert found, "the scan found no publishing call: is PUBLISHING out of date?"
    assert found - PUBLISH_SITES.keys() == set(), (
        "publishing calls not in storebridge_cli.contracts.PUBLISH_SITES: add each with the "
        "titles it sends (and a published_messages entry for a new message)"
    )
    assert PUBLISH_SITES.keys() - found == set(), (
        "PUBLISH_SITES names code that no longer publishes"
    )


def test_given_the_publish_sites_then_each_message_they_send_is_documented_and_each_is_sent():
    topology = Topology()
    documented = {m.title for m in published_messages(topology) + failure_messages(topology)}
    sent = {title for titles in PUBLISH_SITES.values() for title in titles}
    assert sent - documented == set(), "a publish site sends a message the document lacks"
    assert documented - sent == set(), "the document lists a message no publish site sends"
    channels = document(topology)["channels"]
    assert all(title in channels for title in documented)


def test_given_a_new_publishing_call_when_scanned_then_it_is_a_site_of_its_function():
    code = (
        "class Notifier:\n"
        "    async def tell(self):\n"
        "        await self._channel.default_exchange.publish(message, routing_key='q')\n"
    )
    assert set(sites_in(ast.parse(code), "storebridge_x.y:")) == {"storebridge_x.y:Notifier.tell"}
    assert "storebridge_x.y:Notifier.tell" not in PUBLISH_SITES
