"""checkoutPaymentCreate and checkoutComplete with the offline gateway: what is checked before
paying, and placing the order once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from orders.models import Checkout, Order, Payment
from shop.models import Reservation
from tests.api import graphql
from tests.factories import UserFactory
from tests.orders.builders import variant_in_stock
from tests.orders.graphql.graphql_support import (
    ADDRESS,
    add_code,
    complete,
    create,
    errors_of,
    lines_add,
    pay,
    ready_checkout,
    set_address,
    set_email,
    voucher,
)

pytestmark = pytest.mark.django_db


def test_offline_payment_then_order_placed_once(client, settings):
    settings.OFFLINE_GATEWAY_MARK_PAID = False
    variant = variant_in_stock(price="20.00", quantity=5)
    checkout = ready_checkout(client, variant, quantity=2)
    payload = pay(client, checkout)
    assert payload["errors"] == []
    assert payload["payment"]["gateway"] == "bank_transfer"
    assert payload["payment"]["status"] == "PENDING"
    assert payload["payment"]["clientSecret"] is None
    assert payload["payment"]["amount"] == {"amount": "44.90"}
    assert dict(Reservation.objects.values_list("variant_id", "quantity")) == {variant.pk: 2}

    first = complete(client, checkout)
    assert first["errors"] == []
    assert first["order"]["status"] == "UNCONFIRMED"
    assert first["order"]["paymentStatus"] == "NOT_CHARGED"
    assert first["order"]["total"] == {"amount": "44.90"}
    assert complete(client, checkout) == first
    assert Order.objects.count() == 1
    variant.refresh_from_db()
    assert variant.quantity == 3


def test_paying_again_for_an_unchanged_checkout_gives_the_same_payment(client):
    checkout = ready_checkout(client, variant_in_stock())
    assert pay(client, checkout)["payment"]["id"] == pay(client, checkout)["payment"]["id"]
    assert Payment.objects.count() == 1


@pytest.mark.parametrize(
    "missing, field, code, message",
    [
        ("lines", "lines", "EMPTY_CHECKOUT", "Your cart is empty."),
        ("email", "email", "EMAIL_REQUIRED", "Enter your email address."),
        ("address", "shippingAddress", "SHIPPING_ADDRESS_REQUIRED", "Enter a delivery address."),
        (
            "method",
            "deliveryMethodId",
            "SHIPPING_METHOD_NOT_AVAILABLE",
            "Choose a shipping method available for your address.",
        ),
    ],
)
def test_payment_needs_lines_email_address_and_method(client, missing, field, code, message):
    variant = variant_in_stock()
    lines = [] if missing == "lines" else [(variant, 1)]
    checkout = create(client, lines, email="" if missing == "email" else "a@example.com")
    checkout = checkout["checkout"]["id"]
    if missing not in ("lines", "email", "address"):
        set_address(client, checkout, ADDRESS)
    payload = pay(client, checkout)
    assert payload["payment"] is None
    assert [(e["field"], e["code"], e["message"]) for e in payload["errors"]] == [
        (field, code, message)
    ]
    assert not Payment.objects.exists()
    assert not Reservation.objects.exists()


@pytest.mark.parametrize("gateway", ["stripe", "cash"])
def test_gateway_not_available(client, settings, gateway):
    settings.STRIPE_SECRET_KEY = ""
    checkout = ready_checkout(client, variant_in_stock())
    payload = pay(client, checkout, gateway=gateway)
    assert errors_of(payload) == [("gateway", "GATEWAY_NOT_AVAILABLE")]
    assert payload["errors"][0]["message"] == "This payment method is not available."
    assert not Payment.objects.exists()
    assert not Reservation.objects.exists()


def test_a_voucher_that_expired_since_it_was_applied_is_refused_at_payment(client):
    code = voucher(code="SPRING", ends_at=timezone.now() + timedelta(hours=1))
    checkout = ready_checkout(client, variant_in_stock(price="30.00"))
    assert add_code(client, checkout, "SPRING")["errors"] == []
    code.ends_at = timezone.now() - timedelta(seconds=1)
    code.save()

    payload = pay(client, checkout)
    assert payload["payment"] is None
    [error] = payload["errors"]
    assert (error["field"], error["code"]) == ("promoCode", "INVALID_VOUCHER")
    assert error["message"] == "This promo code has expired."
    assert not Payment.objects.exists()
    assert not Reservation.objects.exists()


def test_stock_sold_since_the_cart_is_refused_at_payment(client):
    variant = variant_in_stock(quantity=5)
    checkout = ready_checkout(client, variant, quantity=3)
    variant.quantity = 2
    variant.save()
    [error] = pay(client, checkout)["errors"]
    assert error["code"] == "INSUFFICIENT_STOCK"
    assert error["quantityAvailable"] == 2
    assert len(error["variants"]) == 1
    assert not Reservation.objects.exists()


def test_complete_before_paying_is_refused(client):
    checkout = ready_checkout(client, variant_in_stock())
    payload = complete(client, checkout)
    assert payload["order"] is None
    assert errors_of(payload) == [("id", "PAYMENT_PENDING")]
    assert not Order.objects.exists()


def test_a_completed_checkout_refuses_changes(client):
    variant = variant_in_stock()
    checkout = ready_checkout(client, variant)
    pay(client, checkout)
    order = complete(client, checkout)["order"]
    for payload in (
        lines_add(client, checkout, variant, 1),
        set_email(client, checkout, "bob@example.com"),
        set_address(client, checkout, ADDRESS),
        pay(client, checkout),
    ):
        assert errors_of(payload) == [("id", "CHECKOUT_COMPLETED")]
    assert complete(client, checkout)["order"] == order
    stored = Checkout.objects.get()
    assert stored.email == "alice@example.com"
    assert stored.lines.get().quantity == 1


def test_another_customers_checkout_cannot_be_paid_nor_completed(client):
    owner = UserFactory()
    client.force_login(owner)
    checkout = ready_checkout(client, variant_in_stock())
    client.force_login(UserFactory())
    assert errors_of(pay(client, checkout)) == [("id", "NOT_FOUND")]
    client.force_login(owner)
    payment_id = pay(client, checkout)["payment"]["id"]
    client.force_login(UserFactory())
    assert errors_of(complete(client, checkout)) == [("id", "NOT_FOUND")]
    query = "query($id: ID!) { node(id: $id) { id } }"
    assert graphql(client, query, {"id": payment_id})["data"] == {"node": None}
    assert not Order.objects.exists()


def test_a_signed_in_customers_order_is_theirs(client):
    user = UserFactory()
    client.force_login(user)
    checkout = ready_checkout(client, variant_in_stock())
    pay(client, checkout)
    complete(client, checkout)
    assert Order.objects.get().user == user
