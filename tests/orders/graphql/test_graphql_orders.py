"""`order(id)` and `checkout(id)`: who may read them, and a query count that does not grow with
the number of lines."""

import pytest
from django.test import Client
from graphql_relay import to_global_id

from orders.events import order_event
from orders.models import Order
from tests.api import graphql, staff_user
from tests.clients import logged_in
from tests.factories import UserFactory
from tests.orders.builders import variant_in_stock
from tests.orders.graphql.graphql_support import (
    ADDRESS,
    CHECKOUT_FIELDS,
    add_code,
    create,
    place_order,
    set_address,
    set_method,
    shipping_method,
    voucher,
)

pytestmark = pytest.mark.django_db

ORDER_QUERY = """
query($id: ID!) {
  order(id: $id) {
    id number status paymentStatus email created
    lines { id productName variantName sku quantity unitPrice { amount } totalPrice { amount } }
    shippingAddress { firstName city country } billingAddress { firstName city }
    shippingMethodName voucherCode
    subtotal { amount } discount { amount } shippingPrice { amount } vat { amount }
    total { amount currency }
    events { type date message }
    payments { id gateway status clientSecret amount { amount } }
  }
}
"""
CHECKOUT_QUERY = f"query($id: ID!) {{ checkout(id: $id) {{ {CHECKOUT_FIELDS} }} }}"


def read_order(client, order_id):
    result = graphql(client, ORDER_QUERY, {"id": order_id})
    assert "errors" not in result, result["errors"]
    return result["data"]["order"]


def with_internal_note(order_id):
    order = Order.objects.get()
    order_event(order=order, type="note_added", message="Fragile", customer_visible=False)
    return order_id


def test_a_guest_order_is_read_by_whoever_holds_its_id(client, settings):
    settings.OFFLINE_GATEWAY_MARK_PAID = True
    variant = variant_in_stock(price="20.00")
    order_id = with_internal_note(place_order(client, [variant], quantity=2))
    order = read_order(Client(), order_id)
    stored = Order.objects.get()
    assert order["id"] == to_global_id("Order", str(stored.token))
    assert order["number"] == stored.number
    assert (order["status"], order["paymentStatus"]) == ("UNCONFIRMED", "FULLY_CHARGED")
    assert order["lines"] == [
        {
            "id": to_global_id("OrderLine", stored.lines.get().pk),
            "productName": variant.product.name,
            "variantName": "M",
            "sku": variant.sku,
            "quantity": 2,
            "unitPrice": {"amount": "20.00"},
            "totalPrice": {"amount": "40.00"},
        }
    ]
    assert order["shippingAddress"] == {"firstName": "Alice", "city": "Paris", "country": "FR"}
    assert order["billingAddress"] == {"firstName": "Alice", "city": "Paris"}
    assert order["total"] == {"amount": "44.90", "currency": "EUR"}
    assert [event["type"] for event in order["events"]] == ["PLACED", "PAYMENT_CAPTURED"]
    assert [(p["gateway"], p["status"], p["clientSecret"]) for p in order["payments"]] == [
        ("bank_transfer", "SUCCEEDED", None)
    ]


def test_a_customers_order_is_read_by_them_and_by_staff_who_may_view_orders(client):
    owner = UserFactory()
    client.force_login(owner)
    order_id = with_internal_note(place_order(client, [variant_in_stock()]))
    assert [e["type"] for e in read_order(client, order_id)["events"]] == ["PLACED"]

    someone, staff, seller = UserFactory(), staff_user(), staff_user("orders.view_order")
    for user in (None, someone, staff):
        other = Client()
        if user is not None:
            other.force_login(user)
        assert read_order(other, order_id) is None
    other = logged_in(seller)
    order = read_order(other, order_id)
    assert [(e["type"], e["message"]) for e in order["events"]] == [
        ("PLACED", ""),
        ("NOTE_ADDED", "Fragile"),
    ]


def test_ids_that_are_not_order_ids_read_as_missing(client):
    place_order(client, [variant_in_stock()])
    stored = Order.objects.get()
    for bad in (
        "nonsense",
        to_global_id("Order", stored.pk),
        to_global_id("Order", "not-a-uuid"),
        to_global_id("Checkout", str(stored.checkout_token)),
    ):
        assert read_order(client, bad) is None


def _checkout_with_lines(client, count):
    shipping_method()
    voucher(code="TEN")
    variants = [variant_in_stock() for _ in range(count)]
    checkout = create(client, [(variant, 1) for variant in variants])["checkout"]["id"]
    set_address(client, checkout, ADDRESS)
    set_method(client, checkout, shipping_method(name="Relay"))
    add_code(client, checkout, "TEN")
    return checkout


# checkout_for_user; the checkout with addresses, method and voucher; its lines; their variants
# with products; the shipping methods.
CHECKOUT_QUERIES = 5
# the order with its addresses; its lines; payments; events.
ORDER_QUERIES = 4


@pytest.mark.parametrize("count", [1, 10])
def test_checkout_query_count_does_not_grow(client, django_assert_num_queries, count):
    checkout = _checkout_with_lines(client, count)
    with django_assert_num_queries(CHECKOUT_QUERIES):
        result = graphql(Client(), CHECKOUT_QUERY, {"id": checkout})
    assert len(result["data"]["checkout"]["lines"]) == count
    assert result["data"]["checkout"]["voucherCode"] == "TEN"


@pytest.mark.parametrize("count", [1, 10])
def test_order_query_count_does_not_grow(client, django_assert_num_queries, count):
    order_id = place_order(client, [variant_in_stock() for _ in range(count)])
    with django_assert_num_queries(ORDER_QUERIES):
        order = read_order(Client(), order_id)
    assert len(order["lines"]) == count
