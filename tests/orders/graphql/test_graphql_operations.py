"""The shopper's journey of graphql/operations/checkout.graphql, run as documented, with the
offline gateway marking payments paid."""

from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client

from orders.models import Order
from tests.api import operation_names, operations_document, run_payload
from tests.orders.builders import variant_in_stock as make_variant
from tests.orders.graphql.graphql_support import ADDRESS, shipping_method, variant_id, voucher

# Transactions commit, so what waits for the commit (the confirmation email) happens too.
pytestmark = pytest.mark.django_db(transaction=True)

DOCUMENT = operations_document("checkout")
OPERATIONS = {
    "CheckoutCreate",
    "CheckoutLinesAdd",
    "CheckoutLinesUpdate",
    "CheckoutLinesDelete",
    "CheckoutEmailUpdate",
    "CheckoutShippingAddressUpdate",
    "CheckoutBillingAddressUpdate",
    "CheckoutDeliveryMethodUpdate",
    "CheckoutAddPromoCode",
    "CheckoutRemovePromoCode",
    "CheckoutPaymentCreate",
    "CheckoutComplete",
    "Checkout",
    "Order",
}


def run(client, operation, **variables):
    return run_payload(client, DOCUMENT, operation, **variables)


def test_document_has_the_checkout_operations():
    assert operation_names(DOCUMENT) == OPERATIONS


def test_shopper_journey_with_the_offline_gateway(client, settings):
    settings.OFFLINE_GATEWAY_MARK_PAID = True
    mug = make_variant(price="12.00", quantity=5)
    lamp = make_variant(price="40.00", quantity=5)
    shipping_method(name="Colissimo", price=Decimal("4.90"), countries=["FR", "BE"])
    shipping_method(name="Swiss Post", price=Decimal("15.00"), countries=["CH"])
    voucher(code="WELCOME", value=Decimal("50"))
    voucher(code="SPRING10", value=Decimal("10"))

    lines = [{"variantId": variant_id(mug), "quantity": 1}]
    checkout = run(client, "CheckoutCreate", lines=lines)["checkout"]
    checkout_id = checkout["id"]
    assert checkout["email"] is None
    lines = [{"variantId": variant_id(lamp), "quantity": 1}]
    checkout = run(client, "CheckoutLinesAdd", id=checkout_id, lines=lines)["checkout"]
    mug_line, lamp_line = (line["id"] for line in checkout["lines"])
    lines = [{"lineId": mug_line, "quantity": 3}]
    run(client, "CheckoutLinesUpdate", id=checkout_id, lines=lines)
    checkout = run(client, "CheckoutLinesDelete", id=checkout_id, lineIds=[lamp_line])["checkout"]
    assert [(line["variant"]["sku"], line["quantity"]) for line in checkout["lines"]] == [
        (mug.sku, 3)
    ]

    run(client, "CheckoutEmailUpdate", id=checkout_id, email="alice@example.com")
    checkout = run(client, "CheckoutShippingAddressUpdate", id=checkout_id, address=ADDRESS)
    methods = checkout["checkout"]["shippingMethods"]
    assert [method["name"] for method in methods] == ["Colissimo"]
    billing = {**ADDRESS, "companyName": "ACME", "postalCode": "1000", "country": "BE"}
    run(client, "CheckoutBillingAddressUpdate", id=checkout_id, address=billing)
    run(client, "CheckoutDeliveryMethodUpdate", id=checkout_id, deliveryMethodId=methods[0]["id"])
    run(client, "CheckoutAddPromoCode", id=checkout_id, promoCode="WELCOME")
    run(client, "CheckoutRemovePromoCode", id=checkout_id, promoCode="WELCOME")
    run(client, "CheckoutAddPromoCode", id=checkout_id, promoCode="SPRING10")

    checkout = run(client, "Checkout", id=checkout_id)
    assert checkout["voucherCode"] == "SPRING10"
    assert checkout["billingAddress"]["companyName"] == "ACME"
    assert {field: checkout[field]["amount"] for field in ("subtotalPrice", "discount")} == {
        "subtotalPrice": "36.00",
        "discount": "3.60",
    }
    assert checkout["totalPrice"] == {"amount": "37.30", "currency": "EUR"}

    payment = run(client, "CheckoutPaymentCreate", id=checkout_id, gateway="bank_transfer")
    payment = payment["payment"]
    assert (payment["gateway"], payment["amount"]["amount"]) == ("bank_transfer", "37.30")
    order = run(client, "CheckoutComplete", id=checkout_id)["order"]

    stored = Order.objects.get()
    assert order["number"] == stored.number
    assert order["number"].endswith("-000001")
    assert order["paymentStatus"] == "FULLY_CHARGED"
    assert order["total"] == {"amount": "37.30", "currency": "EUR"}
    assert order["voucherCode"] == "SPRING10"
    assert [(line["sku"], line["quantity"]) for line in order["lines"]] == [(mug.sku, 3)]
    mug.refresh_from_db()
    lamp.refresh_from_db()
    assert (mug.quantity, lamp.quantity) == (2, 5)
    assert order["number"] in mail.outbox[0].subject

    # Later, from another browser holding only the id (the confirmation email's link).
    assert run(Client(), "Order", id=order["id"]) == order
