"""JSON log lines: rendered by orjson, never lost to a value it refuses."""

from __future__ import annotations

import json

from storebridge_shared.ops.logs import render_json


def test_given_an_event_then_it_renders_as_one_json_object():
    line = render_json({"event": "webhook_accepted", "event_id": "e1", "duplicate": False})

    assert json.loads(line) == {"event": "webhook_accepted", "event_id": "e1", "duplicate": False}


def test_given_a_value_orjson_refuses_then_the_line_is_still_rendered():
    line = render_json({"event": "x", "big": 2**70, 3: "int key"}, default=repr)

    assert json.loads(line) == {"event": "x", "big": 2**70, "3": "int key"}


def test_given_an_object_json_cannot_encode_then_the_default_renders_it():
    line = render_json({"event": "x", "thing": object}, default=repr)

    assert json.loads(line)["thing"] == repr(object)
