"""The checkout pages as a shopper goes through them: details, delivery and payment, the order
page and email; what the services refuse shows on the form; query counts stay flat."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from orders.models import Order, Payment, Voucher
from orders.views.forms import CheckoutDetailsForms
from tests.factories import ProductImageFactory, UserFactory
from tests.orders.builders import variant_in_stock
from tests.orders.views.checkout_pages_support import (
    DELIVERY_URL,
    DETAILS_URL,
    cart_of,
    details,
    field_errors,
    fill_cart,
)

pytestmark = pytest.mark.django_db


def test_guest_checks_out_with_the_offline_gateway_through_the_pages(
    client, methods, settings, django_capture_on_commit_callbacks
):
    settings.OFFLINE_GATEWAY_MARK_PAID = False
    variant = variant_in_stock(name="Stoneware Mug", price="18.00", quantity=5)
    fill_cart(client, variant, quantity=2)

    page = client.get(DETAILS_URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="shipping-country"' in html
    assert '<option value="FR" selected>France</option>' in html
    assert "Stoneware Mug" in html and "€36.00" in html

    response = client.post(DETAILS_URL, details())
    assert response.status_code == 302
    assert response["Location"] == DELIVERY_URL

    page = client.get(DELIVERY_URL)
    html = page.content.decode()
    assert "Colissimo" in html and "€4.90" in html and "Delivered in 2–4 days" in html
    assert "free from €60.00" in html
    assert "Chronopost express" in html and "€12.90" in html
    assert "Europe standard" not in html  # does not ship to France
    assert "Bank transfer" in html and "Pay on delivery" in html  # two distinct methods
    assert "12 rue de la Paix" in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            DELIVERY_URL, {"shipping_method": methods["colissimo"].pk, "gateway": "bank_transfer"}
        )

    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == order.get_absolute_url()
    assert order.total == Decimal("40.90")
    assert order.email == "alice@example.com"
    assert order.payment_status == "not_charged"
    assert variant.product.variants.get().quantity == 3

    page = client.get(order.get_absolute_url())
    html = page.content.decode()
    assert "Thank you for your order!" in html
    assert order.number in html
    assert "Stoneware Mug" in html and "€36.00" in html and "€40.90" in html
    assert "Colissimo" in html and "12 rue de la Paix" in html and "France" in html
    assert "How to pay by bank transfer" in html and settings.SHOP_BANK_DETAILS in html
    assert "courier" not in html  # nothing about paying on delivery
    assert "data-cart-count" not in html  # the cart is now the order

    (email,) = mail.outbox
    assert email.to == ["alice@example.com"]
    assert order.number in email.subject
    link = f"{settings.SHOP_BASE_URL}{order.get_absolute_url()}"
    text, (html_part, _mime) = email.body, email.alternatives[0]
    for part in (text, html_part):
        assert link in part
        assert "Stoneware Mug" in part
        assert "Colissimo" in part
        assert "12 rue de la Paix" in part
        assert settings.SHOP_BANK_DETAILS in part
        assert re.search(r"Total.*€40\.90", part, re.S)


def test_details_are_prefilled_for_a_signed_in_customer(client, methods):
    user = UserFactory(email="bob@example.com")
    client.force_login(user)
    fill_cart(client, variant_in_stock(quantity=5))

    html = client.get(DETAILS_URL).content.decode()

    assert 'value="bob@example.com"' in html


def test_a_bad_postcode_is_a_form_error_and_nothing_is_saved(client, methods):
    fill_cart(client, variant_in_stock(quantity=5))

    response = client.post(DETAILS_URL, details(postal_code="7500"))

    assert response.status_code == 200
    assert field_errors(response, "shipping", "postal_code") == [
        "This postcode is not valid for the country."
    ]
    assert "This postcode is not valid for the country." in response.content.decode()
    checkout = cart_of(client)
    assert checkout.email == ""
    assert checkout.shipping_address is None


def test_every_refused_field_is_shown_at_once(client, methods):
    fill_cart(client, variant_in_stock(quantity=5))

    response = client.post(
        DETAILS_URL,
        details(email="not-an-email", first_name="", billing={"postal_code": "ABC"}),
    )

    assert field_errors(response, "contact", "email") == ["Enter a valid email address."]
    assert field_errors(response, "shipping", "first_name") == ["This field is required."]
    assert field_errors(response, "billing", "postal_code") == [
        "This postcode is not valid for the country."
    ]
    assert cart_of(client).shipping_address is None


def test_a_separate_billing_address_is_kept(client, methods):
    fill_cart(client, variant_in_stock(quantity=5))

    client.post(DETAILS_URL, details(billing={"city": "Lyon", "postal_code": "69001"}))

    checkout = cart_of(client)
    assert checkout.shipping_address.city == "Paris"
    assert checkout.billing_address.city == "Lyon"
    html = client.get(DETAILS_URL).content.decode()
    assert 'name="billing_same"' in html and 'name="billing_same" id' in html
    assert 'value="Lyon"' in html


def test_a_method_that_does_not_ship_to_the_address_is_refused_on_its_field(client, methods):
    fill_cart(client, variant_in_stock(quantity=5))
    client.post(DETAILS_URL, details(country="DE", postal_code="10115", city="Berlin"))

    html = client.get(DELIVERY_URL).content.decode()
    assert "Europe standard" in html and "Colissimo" not in html

    response = client.post(
        DELIVERY_URL, {"shipping_method": methods["express"].pk, "gateway": "bank_transfer"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["shipping_method"]
    assert not Order.objects.exists()


def test_stock_sold_meanwhile_is_shown_and_no_order_is_placed(client, methods):
    variant = variant_in_stock(quantity=2)
    fill_cart(client, variant, quantity=2)
    client.post(DETAILS_URL, details())
    variant.quantity = 1
    variant.save()

    response = client.post(
        DELIVERY_URL, {"shipping_method": methods["colissimo"].pk, "gateway": "bank_transfer"}
    )

    assert response.status_code == 200
    assert f"Only 1 left of {variant} ({variant.sku})." in response.content.decode()
    assert not Order.objects.exists()


def test_a_voucher_that_expired_since_the_cart_is_refused_with_its_reason(client, methods):
    voucher = Voucher.objects.create(code="SPRING", value=Decimal("10"))
    fill_cart(client, variant_in_stock(quantity=5))
    client.post(reverse("orders:promo_code_add"), {"code": "SPRING"})
    client.post(DETAILS_URL, details())
    voucher.ends_at = timezone.now() - timedelta(minutes=1)
    voucher.save()

    response = client.post(
        DELIVERY_URL, {"shipping_method": methods["colissimo"].pk, "gateway": "bank_transfer"}
    )

    assert "This promo code has expired." in response.content.decode()
    assert not Order.objects.exists()


def test_an_unknown_gateway_is_a_form_error(client, methods):
    fill_cart(client, variant_in_stock(quantity=5))
    client.post(DETAILS_URL, details())

    response = client.post(
        DELIVERY_URL, {"shipping_method": methods["colissimo"].pk, "gateway": "stripe"}
    )

    assert response.context["form"].errors["gateway"]
    assert not Payment.objects.exists()


def test_steps_send_the_shopper_back_when_something_is_missing(client, methods):
    assert client.get(DETAILS_URL)["Location"] == reverse("orders:cart")
    fill_cart(client, variant_in_stock(quantity=5))
    assert client.get(DELIVERY_URL)["Location"] == DETAILS_URL


def test_order_page_of_an_unknown_order_is_not_found(client):
    assert client.get("/orders/00000000-0000-0000-0000-000000000000/").status_code == 404


def page_queries(client, lines, url):
    for _ in range(lines):
        variant = variant_in_stock(quantity=5)
        ProductImageFactory(product=variant.product)
        fill_cart(client, variant)
    client.post(DETAILS_URL, details())
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", [DETAILS_URL, DELIVERY_URL])
def test_checkout_pages_run_the_same_number_of_queries_for_1_and_10_lines(methods, url):
    one = page_queries(Client(), 1, url)
    ten = page_queries(Client(), 10, url)

    assert one == ten
    assert one <= 12


def test_service_errors_land_on_the_matching_fields():
    forms = CheckoutDetailsForms(details(billing={"city": "Lyon"}))
    assert forms.is_valid()

    forms.add_service_error(
        ValidationError(
            {
                "email": ValidationError("Bad email."),
                "shipping_address.postal_code": ValidationError("Bad postcode."),
                "billing_address.city": ValidationError("Bad city."),
                "shipping_address": ValidationError("Enter a delivery address."),
                "lines": ValidationError("Your cart is empty."),
            }
        )
    )

    assert forms.contact.errors["email"] == ["Bad email."]
    assert forms.shipping.errors["postal_code"] == ["Bad postcode."]
    assert forms.billing.errors["city"] == ["Bad city."]
    assert list(forms.non_field_errors) == ["Your cart is empty.", "Enter a delivery address."]
