"""Product modifiers and their values: types, config, required, adjusters, defaults."""

from __future__ import annotations

from storebridge_sandbox.testing import wait_until

BASE = "/v3/catalog/products/81/modifiers"


async def _create(api, body: dict) -> dict:
    response = await api.post(BASE, json=body)
    assert response.status_code == 200, response.text
    return response.json()["data"]


async def test_given_a_text_modifier_when_created_then_config_required_and_sort_order_round_trip(
    api,
):
    config = {"text_characters_limited": True, "text_min_length": 1, "text_max_length": 30}
    body = {"display_name": "Engraving", "type": "text", "required": True, "sort_order": 3}
    created = await _create(api, {**body, "config": config})
    fetched = (await api.get(f"{BASE}/{created['id']}")).json()["data"]
    assert fetched == created
    assert (fetched["product_id"], fetched["required"], fetched["sort_order"]) == (81, True, 3)
    assert fetched["config"] == config
    assert fetched["option_values"] == []
    assert fetched["name"].startswith("Engraving") and fetched["name"] != "Engraving"


async def test_given_each_modifier_type_when_created_then_it_is_accepted(api):
    values = [{"label": "One", "sort_order": 0}]
    for kind in ("date", "file", "multi_line_text", "numbers_only_text", "text"):
        await _create(api, {"display_name": kind, "type": kind, "required": False})
    for kind in ("radio_buttons", "rectangles", "dropdown", "swatch", "product_list"):
        made = await _create(
            api, {"display_name": kind, "type": kind, "required": False, "option_values": values}
        )
        assert [v["label"] for v in made["option_values"]] == ["One"]
    listed = (await api.get(BASE)).json()["data"]
    assert len(listed) == 10


async def test_given_a_checkbox_when_created_then_it_gets_yes_and_no_values_by_itself(api):
    config = {"checkbox_label": "Add insurance", "checked_by_default": False}
    made = await _create(
        api, {"display_name": "Insurance", "type": "checkbox", "required": False, "config": config}
    )
    values = made["option_values"]
    assert [(v["label"], v["value_data"], v["is_default"]) for v in values] == [
        ("Yes", {"checked_value": True}, False),
        ("No", {"checked_value": False}, True),
    ]
    assert all(v["option_id"] == made["id"] for v in values)
    with_values = {
        "display_name": "Other",
        "type": "checkbox",
        "required": False,
        "option_values": [{"label": "Yes", "sort_order": 0}],
    }
    assert (await api.post(BASE, json=with_values)).status_code == 422


async def test_given_a_missing_field_or_unknown_type_when_creating_then_422(api):
    no_required = await api.post(BASE, json={"display_name": "X", "type": "text"})
    bad_type = await api.post(BASE, json={"display_name": "X", "type": "slider", "required": True})
    no_values = await api.post(
        BASE, json={"display_name": "X", "type": "dropdown", "required": True}
    )
    assert [no_required.status_code, bad_type.status_code, no_values.status_code] == [422] * 3
    assert "required" in no_required.json()["errors"]


async def test_given_a_value_with_adjusters_when_updated_then_they_merge_and_round_trip(api):
    made = await _create(
        api,
        {
            "display_name": "Frame",
            "type": "rectangles",
            "required": True,
            "option_values": [
                {"label": "Oak", "sort_order": 0},
                {"label": "Steel", "sort_order": 1},
            ],
        },
    )
    oak = made["option_values"][0]
    assert oak["adjusters"] == {
        "price": {},
        "weight": {},
        "image_url": "",
        "purchasing_disabled": {"status": False, "message": ""},
    }
    url = f"{BASE}/{made['id']}/values/{oak['id']}"
    price = {"price": {"adjuster": "relative", "adjuster_value": 7.5}}
    await api.put(url, json={"adjusters": price})
    more = {
        "weight": {"adjuster": "percentage", "adjuster_value": 10},
        "image_url": "https://e.x/oak.jpg",
        "purchasing_disabled": {"status": True, "message": "Out"},
    }
    updated = (await api.put(url, json={"adjusters": more, "is_default": True})).json()["data"]
    assert updated["adjusters"] == {**price, **more}
    values = (await api.get(f"{BASE}/{made['id']}/values")).json()["data"]
    assert [(v["label"], v["is_default"]) for v in values] == [("Oak", True), ("Steel", False)]


async def test_given_a_second_default_when_set_then_only_it_is_default(api):
    values = [
        {"label": "S", "sort_order": 0, "is_default": True},
        {"label": "M", "sort_order": 1},
    ]
    made = await _create(
        api, {"display_name": "Size", "type": "dropdown", "required": True, "option_values": values}
    )
    medium = made["option_values"][1]
    await api.put(f"{BASE}/{made['id']}/values/{medium['id']}", json={"is_default": True})
    listed = (await api.get(f"{BASE}/{made['id']}/values")).json()["data"]
    assert [v["is_default"] for v in listed] == [False, True]


async def test_given_values_when_reordered_then_they_list_in_the_new_sort_order(api):
    values = [{"label": label, "sort_order": n} for n, label in enumerate(["A", "B", "C"])]
    made = await _create(
        api,
        {
            "display_name": "Letter",
            "type": "radio_buttons",
            "required": False,
            "option_values": values,
        },
    )
    first, _, last = made["option_values"]
    await api.put(f"{BASE}/{made['id']}/values/{first['id']}", json={"sort_order": 9})
    await api.put(f"{BASE}/{made['id']}/values/{last['id']}", json={"sort_order": -1})
    listed = (await api.get(f"{BASE}/{made['id']}/values")).json()["data"]
    assert [v["label"] for v in listed] == ["C", "B", "A"]


async def test_given_value_endpoints_when_used_then_crud_works_and_labels_stay_unique(api):
    made = await _create(
        api,
        {
            "display_name": "Color",
            "type": "swatch",
            "required": False,
            "option_values": [
                {"label": "Red", "sort_order": 0, "value_data": {"colors": ["#f00"]}}
            ],
        },
    )
    url = f"{BASE}/{made['id']}/values"
    added = await api.post(
        url, json={"label": "Blue", "sort_order": 1, "value_data": {"colors": ["#00f"]}}
    )
    again = await api.post(url, json={"label": "blue", "sort_order": 2})
    no_order = await api.post(url, json={"label": "Green"})
    blue_id = added.json()["data"]["id"]
    deleted = await api.delete(f"{url}/{blue_id}")
    gone = await api.get(f"{url}/{blue_id}")
    assert added.json()["data"]["value_data"] == {"colors": ["#00f"]}
    assert (again.status_code, no_order.status_code) == (409, 422)
    assert (deleted.status_code, gone.status_code) == (204, 404)


async def test_given_a_modifier_when_renamed_and_its_values_listed_in_the_body_then_both_change(
    api,
):
    made = await _create(
        api,
        {
            "display_name": "Box",
            "type": "dropdown",
            "required": False,
            "option_values": [{"label": "Plain", "sort_order": 0}],
        },
    )
    plain = made["option_values"][0]
    body = {
        "display_name": "Gift box",
        "required": True,
        "option_values": [
            {"id": plain["id"], "label": "Plain box"},
            {
                "label": "Luxury box",
                "sort_order": 1,
                "adjusters": {"price": {"adjuster": "relative", "adjuster_value": 4}},
            },
        ],
    }
    updated = (await api.put(f"{BASE}/{made['id']}", json=body)).json()["data"]
    assert (updated["display_name"], updated["required"]) == ("Gift box", True)
    assert [v["label"] for v in updated["option_values"]] == ["Plain box", "Luxury box"]
    assert updated["option_values"][1]["adjusters"]["price"]["adjuster_value"] == 4


async def test_given_include_modifiers_when_reading_products_then_they_come_with_the_product(api):
    product = (await api.get("/v3/catalog/products/91", params={"include": "modifiers"})).json()
    listed = await api.get("/v3/catalog/products", params={"include": "modifiers"})
    names = [m["display_name"] for m in product["data"]["modifiers"]]
    assert names == ["Engraving", "Gift wrap", "Filter pack", "Delivery date"]
    filters = product["data"]["modifiers"][2]["option_values"]
    assert filters[1]["adjusters"]["weight"] == {"adjuster": "relative", "adjuster_value": 0.3}
    assert filters[3]["adjusters"]["purchasing_disabled"] == {
        "status": True,
        "message": "Back next month",
    }
    assert listed.json()["meta"]["pagination"]["per_page"] == 10


async def test_given_a_modifier_when_deleted_then_product_updated_fires(
    sandbox, api, receiver, subscribe, settle
):
    await subscribe(api, "store/product/updated", receiver.url)
    made = await _create(api, {"display_name": "Note", "type": "text", "required": False})
    await api.put(f"{BASE}/{made['id']}", json={"display_name": "Gift note"})
    response = await api.delete(f"{BASE}/{made['id']}")
    await wait_until(lambda: len(receiver.requests) == 1)
    await settle(sandbox)
    assert response.status_code == 204
    assert len(receiver.requests) == 1
    assert receiver.bodies()[0]["data"] == {"type": "product", "id": 81}
    assert (await api.get(f"{BASE}/{made['id']}")).status_code == 404


async def test_given_a_duplicate_display_name_when_creating_then_409(api):
    await _create(api, {"display_name": "Note", "type": "text", "required": False})
    again = await api.post(BASE, json={"display_name": "note", "type": "text", "required": False})
    assert again.status_code == 409
