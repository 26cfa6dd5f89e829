"""Records keep the answer as BigCommerce sent it; orders and hooks are typed like the catalog."""

from __future__ import annotations

from storebridge_shared.bigcommerce.models import Hook, Order, OrderProduct, Product

ORDER = {
    "id": 100,
    "status_id": 11,
    "date_created": "Tue, 01 Dec 2026 10:00:00 +0000",
    "total_inc_tax": "19.0000",
    "billing_address": {"first_name": "Ada", "phone": "555"},
    "products": {"url": "https://api.bigcommerce.com/stores/abc/v2/orders/100/products"},
}


def test_given_an_order_answer_when_parsed_then_typed_and_sent_back_unchanged():
    order = Order.parse(ORDER)

    assert (order.id, order.status_id) == (100, 11)
    assert order.get("total_inc_tax") == "19.0000"
    assert order.sent() == ORDER


def test_given_order_lines_without_a_type_then_they_count_as_physical():
    lines = OrderProduct.parse_all([{"id": 1, "type": "digital"}, {"id": 2}])

    assert [line.type for line in lines] == ["digital", "physical"]
    assert lines[1].sent() == {"id": 2}


def test_given_a_product_with_nulls_when_sent_back_then_the_nulls_are_kept():
    answer = {"id": 77, "brand_id": None, "variants": [{"id": 1, "sku": None}]}

    product = Product.parse(answer)

    assert product.brand_id == 0 and product.variants[0].sku == ""
    assert product.sent() == answer
    assert product.variants[0].sent() == {"id": 1, "sku": None}


def test_given_a_sent_copy_when_changed_then_the_record_is_not():
    product = Product.parse({"id": 77, "categories": [18]})

    product.sent()["categories"].append(19)

    assert product.sent() == {"id": 77, "categories": [18]}


def test_given_a_hook_answer_then_its_headers_and_activity_are_typed():
    hook = Hook.parse(
        {
            "id": 5,
            "scope": "store/order/created",
            "destination": "https://x/webhooks",
            "is_active": False,
            "headers": {"X-Storebridge-Instance": "prod"},
            "created_at": 1,
        }
    )

    assert (hook.id, hook.is_active, hook.headers) == (5, False, {"X-Storebridge-Instance": "prod"})
    assert hook.get("created_at") == 1
