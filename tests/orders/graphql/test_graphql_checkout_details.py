"""Email, addresses, delivery method and promo code mutations, and the checkout's totals."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from orders.checkout.services import checkout_totals
from orders.models import Checkout, Order, VoucherUsage
from tests.orders.builders import variant_in_stock
from tests.orders.graphql.graphql_support import (
    ADDRESS,
    add_code,
    create_checkout,
    errors_of,
    lines_add,
    method_id,
    remove_code,
    set_address,
    set_email,
    set_method,
    shipping_method,
    voucher,
)

pytestmark = pytest.mark.django_db


def test_email_update(client):
    checkout = create_checkout(client, variant_in_stock())["id"]
    payload = set_email(client, checkout, " bob@example.com ")
    assert payload["errors"] == []
    assert payload["checkout"]["email"] == "bob@example.com"
    assert errors_of(set_email(client, checkout, "bob")) == [("email", "INVALID")]
    assert Checkout.objects.get().email == "bob@example.com"


def test_shipping_and_billing_addresses(client):
    checkout = create_checkout(client, variant_in_stock())["id"]
    payload = set_address(client, checkout, {**ADDRESS, "country": "fr", "companyName": "ACME"})
    assert payload["errors"] == []
    assert payload["checkout"]["shippingAddress"] == {
        "firstName": "Alice",
        "postalCode": "75002",
        "city": "Paris",
        "country": "FR",
    }
    assert payload["checkout"]["billingAddress"] is None
    billing = {**ADDRESS, "firstName": "Bob", "postalCode": "1000", "country": "BE"}
    payload = set_address(client, checkout, billing, kind="billing")
    assert payload["errors"] == []
    assert payload["checkout"]["billingAddress"]["firstName"] == "Bob"
    assert payload["checkout"]["shippingAddress"]["firstName"] == "Alice"


@pytest.mark.parametrize(
    "change, field, code",
    [
        ({"postalCode": "7500"}, "postalCode", "INVALID_POSTAL_CODE"),
        ({"country": "US", "postalCode": "10001"}, "country", "INVALID_COUNTRY"),
        ({"city": ""}, "city", "REQUIRED"),
        ({"streetAddress1": None}, "streetAddress1", "REQUIRED"),
    ],
)
def test_address_errors_name_the_field_and_change_nothing(client, change, field, code):
    checkout = create_checkout(client, variant_in_stock())["id"]
    set_address(client, checkout, ADDRESS)
    for kind in ("shipping", "billing"):
        payload = set_address(client, checkout, {**ADDRESS, **change}, kind=kind)
        assert payload["checkout"] is None
        assert errors_of(payload) == [(field, code)]
    stored = Checkout.objects.get()
    assert stored.shipping_address.postal_code == "75002"
    assert stored.billing_address is None


def test_delivery_method_among_those_that_ship_to_the_address(client):
    colissimo = shipping_method(name="Colissimo", min_days=2, max_days=3)
    belgian = shipping_method(name="Bpost", countries=["BE"])
    checkout = create_checkout(client, variant_in_stock())["id"]
    methods = set_address(client, checkout, ADDRESS)["checkout"]["shippingMethods"]
    assert methods == [
        {
            "id": method_id(colissimo),
            "name": "Colissimo",
            "price": {"amount": "4.90", "currency": "EUR"},
            "minimumDeliveryDays": 2,
            "maximumDeliveryDays": 3,
        }
    ]
    payload = set_method(client, checkout, belgian)
    [error] = payload["errors"]
    assert (error["field"], error["code"]) == ("deliveryMethodId", "SHIPPING_METHOD_NOT_AVAILABLE")
    assert error["message"] == "This shipping method is not available for your address."
    assert Checkout.objects.get().shipping_method is None

    payload = set_method(client, checkout, colissimo)
    assert payload["checkout"]["deliveryMethod"] == {
        "id": method_id(colissimo),
        "name": "Colissimo",
        "price": {"amount": "4.90"},
    }
    assert payload["checkout"]["shippingPrice"] == {"amount": "4.90"}


def test_delivery_method_is_unset_when_the_address_moves_out_of_its_countries(client):
    french = shipping_method(countries=["FR"])
    checkout = create_checkout(client, variant_in_stock())["id"]
    set_address(client, checkout, ADDRESS)
    set_method(client, checkout, french)
    payload = set_address(client, checkout, {**ADDRESS, "postalCode": "1000", "country": "BE"})
    assert payload["checkout"]["deliveryMethod"] is None
    assert payload["checkout"]["shippingMethods"] == []


def test_delivery_method_id_of_another_type_is_not_found(client):
    checkout = create_checkout(client, variant_in_stock())["id"]
    assert errors_of(set_method(client, checkout, checkout)) == [("deliveryMethodId", "NOT_FOUND")]


def test_promo_code_add_and_remove(client):
    voucher(code="SAVE10", value=Decimal("10"))
    checkout = create_checkout(client, variant_in_stock(price="30.00"))["id"]
    payload = add_code(client, checkout, " save10 ")
    assert payload["errors"] == []
    assert payload["checkout"]["voucherCode"] == "SAVE10"
    assert payload["checkout"]["discount"] == {"amount": "3.00"}
    assert payload["checkout"]["totalPrice"]["amount"] == "27.00"

    assert remove_code(client, checkout, "OTHER")["checkout"]["voucherCode"] == "SAVE10"
    payload = remove_code(client, checkout, "SAVE10")
    assert payload["checkout"]["voucherCode"] is None
    assert payload["checkout"]["discount"] == {"amount": "0.00"}


def _used_by(email, code):
    order = Order.objects.create(
        number="2026-999999",
        email=email,
        currency="EUR",
        subtotal=0,
        discount=0,
        shipping_price=0,
        vat=0,
        total=0,
        gateway="bank_transfer",
    )
    VoucherUsage.objects.create(voucher=code, email=email, order=order)


@pytest.mark.parametrize(
    "kind, message",
    [
        ("unknown", "This promo code does not exist."),
        ("expired", "This promo code has expired."),
        ("not_started", "This promo code is not valid yet."),
        ("min_spend", "This promo code needs a spend of at least €50.00."),
        ("used_up", "This promo code has been used up."),
        ("once_per_customer", "You have already used this promo code."),
    ],
)
def test_invalid_vouchers_say_why(client, kind, message):
    now = timezone.now()
    code = voucher(
        code="SAVE10",
        ends_at=now - timedelta(days=1) if kind == "expired" else None,
        starts_at=now + timedelta(days=1) if kind == "not_started" else None,
        min_spend=Decimal("50.00") if kind == "min_spend" else None,
        usage_limit=1 if kind == "used_up" else None,
        used_count=1 if kind == "used_up" else 0,
        once_per_customer=kind == "once_per_customer",
    )
    if kind == "once_per_customer":
        _used_by("alice@example.com", code)
    checkout = create_checkout(client, variant_in_stock(price="30.00"))["id"]
    payload = add_code(client, checkout, "NOPE" if kind == "unknown" else "SAVE10")
    assert payload["checkout"] is None
    assert payload["errors"] == [
        {
            "field": "promoCode",
            "code": "INVALID_VOUCHER",
            "message": message,
            "variants": None,
            "quantityAvailable": None,
        }
    ]
    assert Checkout.objects.get().voucher is None


def test_totals_match_the_pricing_function(client):
    food = variant_in_stock(price="12.00", vat_rate=Decimal("5.50"))
    book = variant_in_stock(price="25.00")
    method = shipping_method(price=Decimal("6.00"), free_above=Decimal("60.00"))
    voucher(code="TEN", value=Decimal("10"))
    checkout = create_checkout(client, food, quantity=2)["id"]
    lines_add(client, checkout, book, 1)
    set_address(client, checkout, ADDRESS)
    set_method(client, checkout, method)
    payload = add_code(client, checkout, "TEN")["checkout"]
    totals = checkout_totals(Checkout.objects.get())

    assert (totals.subtotal, totals.discount, totals.shipping) == (
        Decimal("49.00"),
        Decimal("4.90"),
        Decimal("6.00"),
    )
    fields = {
        "subtotalPrice": totals.subtotal,
        "discount": totals.discount,
        "shippingPrice": totals.shipping,
        "vat": totals.vat,
        "totalPrice": totals.total,
    }
    assert {field: payload[field]["amount"] for field in fields} == {
        field: str(amount) for field, amount in fields.items()
    }
    assert payload["totalPrice"]["amount"] == "50.10"
    assert [line["totalPrice"]["amount"] for line in payload["lines"]] == ["24.00", "25.00"]

    # Above the threshold (after discount), shipping is free: in the list and on the checkout.
    payload = lines_add(client, checkout, book, 1)["checkout"]
    totals = checkout_totals(Checkout.objects.get())
    assert totals.shipping == Decimal("0.00")
    assert payload["shippingPrice"] == {"amount": "0.00"}
    assert payload["shippingMethods"][0]["price"]["amount"] == "0.00"
    assert payload["deliveryMethod"]["price"] == {"amount": "0.00"}
    assert payload["totalPrice"]["amount"] == str(totals.total) == "66.60"
    assert payload["vat"]["amount"] == str(totals.vat)
