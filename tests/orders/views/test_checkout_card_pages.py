"""The card payment pages: Stripe offered when configured, the payment page with Stripe.js, and
the return page that checks the payment with Stripe (localstripe here) before placing the order."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from orders.models import Checkout, Order, Payment
from tests.clients import messages_of
from tests.factories import UserFactory
from tests.orders.builders import variant_in_stock
from tests.orders.views.checkout_pages_support import (
    DELIVERY_URL,
    DETAILS_URL,
    cart_of,
    details,
    fill_cart,
)

pytestmark = pytest.mark.django_db


def test_card_payment_offered_when_stripe_is_configured(client, methods, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_123"
    fill_cart(client, variant_in_stock(quantity=5))
    client.post(DETAILS_URL, details())

    html = client.get(DELIVERY_URL).content.decode()

    assert 'value="stripe"' in html and "Credit or debit card" in html
    assert "Continue to payment" in html
    assert "js.stripe.com" not in html  # Stripe.js only on the payment page


def test_payment_page_loads_stripe_js_from_the_setting_with_the_client_secret(
    client, methods, settings
):
    settings.STRIPE_JS_URL = "http://127.0.0.1:9/js.stripe.com/v3/"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_abc"
    fill_cart(client, variant_in_stock(quantity=5))
    checkout = cart_of(client)
    pay_url = reverse("orders:checkout_pay", kwargs={"token": checkout.token})
    assert client.get(pay_url)["Location"] == DELIVERY_URL  # no card payment under way
    Payment.objects.create(
        checkout=checkout,
        gateway="stripe",
        amount=Decimal("20.00"),
        currency="EUR",
        client_secret="pi_1_secret_2",
        idempotency_key="k1",
        fingerprint="f",
    )

    html = client.get(pay_url).content.decode()

    assert '<script src="http://127.0.0.1:9/js.stripe.com/v3/"></script>' in html
    assert 'data-publishable-key="pk_test_abc"' in html
    assert 'data-client-secret="pi_1_secret_2"' in html
    assert "js/checkout.js" in html
    assert (
        'action="{}"'.format(reverse("orders:checkout_return", kwargs={"token": checkout.token}))
        in html
    )


def test_a_customer_checkout_is_not_reachable_by_anyone_else(client, methods):
    client.force_login(UserFactory())
    fill_cart(client, variant_in_stock(quantity=5))
    checkout = Checkout.objects.get(user__isnull=False)

    for name in ("orders:checkout_pay", "orders:checkout_return"):
        url = reverse(name, kwargs={"token": checkout.token})
        assert Client().get(url).status_code == 404


def start_card_payment(client, methods):
    fill_cart(client, variant_in_stock(price="30.00", quantity=5))
    client.post(DETAILS_URL, details())
    response = client.post(
        DELIVERY_URL, {"shipping_method": methods["colissimo"].pk, "gateway": "stripe"}
    )
    checkout = cart_of(client)
    assert response["Location"] == reverse("orders:checkout_pay", kwargs={"token": checkout.token})
    return checkout, Payment.objects.get(checkout=checkout)


def test_card_payment_is_checked_with_stripe_before_the_order_is_placed(
    client, methods, stripe_settings, localstripe, django_capture_on_commit_callbacks
):
    checkout, payment = start_card_payment(client, methods)
    pay_page = client.get(reverse("orders:checkout_pay", kwargs={"token": checkout.token}))
    assert payment.client_secret in pay_page.content.decode()
    return_url = reverse("orders:checkout_return", kwargs={"token": checkout.token})

    waiting = client.get(return_url)  # back before paying: Stripe says it is not paid yet

    assert waiting.status_code == 200
    assert '<meta http-equiv="refresh" content="3">' in waiting.content.decode()
    assert not Order.objects.exists()

    localstripe.pay(payment.provider_reference)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(return_url)

    order = Order.objects.get()
    assert response["Location"] == order.get_absolute_url()
    assert order.payment_status == "fully_charged"
    assert order.total == Decimal("34.90")
    assert client.get(return_url)["Location"] == order.get_absolute_url()  # idempotent
    html = client.get(order.get_absolute_url()).content.decode()
    assert 'status--paid">Paid<' in html and "How to pay" not in html


def test_a_declined_card_sends_the_shopper_back_to_the_payment_page_with_the_reason(
    client, methods, stripe_settings, localstripe
):
    checkout, payment = start_card_payment(client, methods)
    localstripe.pay(payment.provider_reference, card="4000000000000341")

    response = client.get(reverse("orders:checkout_return", kwargs={"token": checkout.token}))

    pay_url = reverse("orders:checkout_pay", kwargs={"token": checkout.token})
    assert response["Location"] == pay_url
    assert "Your card was declined." in messages_of(client.get(pay_url))
    assert not Order.objects.exists()
