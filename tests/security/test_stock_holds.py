"""Attack: an anonymous shopper holds the last units of a variant so that nobody else can buy
them: by renewing the reservation of one checkout for ever (every checkoutPaymentCreate renewed
it for SHOP_RESERVATION_MINUTES), by reserving the whole stock in one checkout, by opening
checkout after checkout, or by placing pay-on-delivery orders that are never paid (each holds
its stock for SHOP_UNPAID_ORDER_CANCEL_HOURS)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import models
from django.db.models import F
from django.test import Client
from django.utils import timezone

from orders.error_codes import CheckoutErrorCode
from orders.models import Checkout, Order
from shop.models import Reservation
from tests.orders.builders import variant_in_stock
from tests.orders.graphql.graphql_support import (
    ADDRESS,
    complete,
    create_checkout,
    errors_of,
    pay,
    ready_checkout,
    set_address,
    set_method,
    shipping_method,
)
from tests.orders.views.checkout_pages_support import (
    DELIVERY_URL,
    DETAILS_URL,
    details,
    fill_cart,
    shipping_methods,
)

pytestmark = pytest.mark.django_db

ATTACKER_IP = "203.0.113.66"
BUYER_IP = "198.51.100.20"


def from_ip(ip: str) -> Client:
    return Client(REMOTE_ADDR=ip)


def minutes_pass(minutes: int) -> None:
    """The clock moves on: every stored time of the checkouts and their holds goes back."""
    delta = timedelta(minutes=minutes)
    Reservation.objects.update(expires_at=F("expires_at") - delta)
    stamps = [f.name for f in Checkout._meta.concrete_fields if isinstance(f, models.DateTimeField)]
    Checkout.objects.update(**{name: F(name) - delta for name in stamps})


def code(name: CheckoutErrorCode) -> str:
    return name.name


def held(variant) -> int:
    """What unexpired reservations hold of the variant."""
    holds = Reservation.objects.filter(variant=variant, expires_at__gt=timezone.now())
    return sum(holds.values_list("quantity", flat=True))


def checkout_for(client, variant, quantity=1, email="alice@example.com") -> str:
    checkout = create_checkout(client, variant, quantity, email=email)["id"]
    set_address(client, checkout, ADDRESS)
    set_method(client, checkout, shipping_method())
    return checkout


def buys(client, variant) -> list:
    checkout = ready_checkout(client, variant)
    started = pay(client, checkout)
    if started["errors"]:
        return errors_of(started)
    return errors_of(complete(client, checkout))


def test_renewing_a_hold_does_not_keep_the_last_unit_past_the_hard_lifetime(settings):
    settings.SHOP_RESERVATION_MINUTES = 15
    settings.SHOP_RESERVATION_MAX_MINUTES = 45
    last = variant_in_stock(quantity=1)
    attacker = from_ip(ATTACKER_IP)
    checkout = ready_checkout(attacker, last)

    renewals = []
    for minute in range(0, 60, 10):  # renewed every ten minutes for fifty minutes
        if minute:
            minutes_pass(10)
        renewals.append(errors_of(pay(attacker, checkout)))

    assert renewals[:5] == [[]] * 5
    assert renewals[5] == [("id", code(CheckoutErrorCode.RESERVATION_EXPIRED))]
    assert held(last) == 0
    assert buys(from_ip(BUYER_IP), last) == []
    assert Order.objects.count() == 1


def test_one_checkout_cannot_reserve_more_than_its_share_of_the_stock(settings):
    settings.SHOP_RESERVATION_MAX_SHARE = Decimal("0.5")
    variant = variant_in_stock(quantity=4)
    attacker = from_ip(ATTACKER_IP)
    checkout = ready_checkout(attacker, variant, quantity=3)

    refused = pay(attacker, checkout)

    assert errors_of(refused) == [("lines", code(CheckoutErrorCode.QUANTITY_GREATER_THAN_LIMIT))]
    assert refused["errors"][0]["quantityAvailable"] == 2
    assert held(variant) == 0


def test_a_real_buyer_can_still_buy_the_last_unit(settings):
    settings.SHOP_RESERVATION_MAX_SHARE = Decimal("0.5")
    last = variant_in_stock(quantity=1)

    assert buys(from_ip(BUYER_IP), last) == []
    last.refresh_from_db()
    assert last.quantity == 0


def test_one_address_cannot_hold_stock_with_checkout_after_checkout(settings):
    settings.SHOP_RESERVATION_HOLDS_PER_IP = 3
    variant = variant_in_stock(quantity=100)
    attacker = from_ip(ATTACKER_IP)

    answers = [errors_of(pay(attacker, ready_checkout(attacker, variant))) for _ in range(4)]

    assert answers[:3] == [[]] * 3
    assert answers[3] == [("id", code(CheckoutErrorCode.TOO_MANY_RESERVATIONS))]
    assert held(variant) == 3
    assert buys(from_ip(BUYER_IP), variant) == []


def test_one_address_cannot_open_unlimited_unpaid_pay_on_delivery_orders(settings):
    settings.OFFLINE_GATEWAY_MARK_PAID = False
    settings.SHOP_UNPAID_ORDERS_PER_IP = 2
    variant = variant_in_stock(quantity=100)
    attacker = from_ip(ATTACKER_IP)

    answers = []
    for number in range(3):
        checkout = checkout_for(attacker, variant, email=f"nobody{number}@example.com")
        started = pay(attacker, checkout)
        answers.append(errors_of(started) or errors_of(complete(attacker, checkout)))

    assert answers[:2] == [[], []]
    assert answers[2] == [("id", code(CheckoutErrorCode.TOO_MANY_UNPAID_ORDERS))]
    assert Order.objects.count() == 2
    assert held(variant) == 0


def test_one_email_cannot_open_unlimited_unpaid_pay_on_delivery_orders(settings):
    settings.OFFLINE_GATEWAY_MARK_PAID = False
    settings.SHOP_UNPAID_ORDERS_MAX = 2
    variant = variant_in_stock(quantity=100)

    answers = []
    for number in range(3):
        client = from_ip(f"192.0.2.{number + 1}")
        checkout = checkout_for(client, variant, email="same@example.com")
        started = pay(client, checkout)
        answers.append(errors_of(started) or errors_of(complete(client, checkout)))

    assert answers[:2] == [[], []]
    assert answers[2] == [("id", code(CheckoutErrorCode.TOO_MANY_UNPAID_ORDERS))]
    assert Order.objects.count() == 2


def test_the_checkout_page_explains_the_unpaid_orders_limit(settings):
    settings.OFFLINE_GATEWAY_MARK_PAID = False
    settings.SHOP_UNPAID_ORDERS_PER_IP = 1
    methods = shipping_methods()
    variant = variant_in_stock(quantity=50)
    pages = []
    for number in range(2):
        shopper = from_ip(ATTACKER_IP)
        fill_cart(shopper, variant)
        shopper.post(DETAILS_URL, details(email=f"nobody{number}@example.com"))
        choice = {"shipping_method": methods["colissimo"].pk, "gateway": "bank_transfer"}
        pages.append(shopper.post(DELIVERY_URL, choice))

    assert pages[0].status_code == 302
    assert pages[1].status_code == 200
    assert "You already have unpaid orders waiting for payment." in pages[1].content.decode()
    assert Order.objects.count() == 1
