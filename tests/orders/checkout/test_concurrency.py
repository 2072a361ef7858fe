"""Buyers racing each other and the webhook, on PostgreSQL (its row locks are what is tested).

Run with DATABASE_URL pointing at PostgreSQL; skipped on SQLite, which has no row locks.
"""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from orders.checkout.payment import checkout_complete, payment_start
from orders.checkout.services import checkout_promo_code_add
from orders.checkout.webhooks import stripe_event_handle
from orders.models import Order, OrderEvent, PaymentTransaction, Voucher
from shop.models import Reservation
from tests.concurrency import needs_postgresql, run_together
from tests.errors import error_codes
from tests.orders.builders import ready_checkout, variant_in_stock

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_postgresql,
]


def test_twenty_buyers_of_the_last_three_units_make_exactly_three_orders(settings):
    settings.OFFLINE_GATEWAY_MARK_PAID = True
    variant = variant_in_stock(price="19.90", quantity=3)
    checkouts = [
        ready_checkout(lines=[(variant, 1)], email=f"buyer{index}@example.com")
        for index in range(20)
    ]

    def buy(index):
        payment_start(checkout=checkouts[index], gateway_name="bank_transfer")
        return checkout_complete(checkout=checkouts[index])

    results = run_together(buy, 20)

    orders = [result for result in results if isinstance(result, Order)]
    refused = [result for result in results if isinstance(result, ValidationError)]
    assert len(orders) == 3, results
    assert len(refused) == 17, results
    assert all(set(error_codes(error)) == {"insufficient_stock"} for error in refused)
    assert {order.status for order in orders} == {"unconfirmed"}
    assert Order.objects.count() == 3
    variant.refresh_from_db()
    assert variant.quantity == 0
    assert not Reservation.objects.exists()
    # Paid at placement: each buyer gets the order email and the invoice (three numbers).
    assert len(mail.outbox) == 6
    assert sorted(Order.objects.values_list("invoice__number", flat=True)) == [
        f"F-{orders[0].created_at.year}-{n:06d}" for n in (1, 2, 3)
    ]


def test_checkout_complete_racing_the_webhook_places_one_order(stripe_settings, localstripe):
    for round_number in range(3):
        variant = variant_in_stock(price="19.90", quantity=5)
        checkout = ready_checkout(lines=[(variant, 1)])
        payment = payment_start(checkout=checkout, gateway_name="stripe")
        intent = localstripe.pay(payment.provider_reference)
        event = {
            "id": f"evt_race_{round_number}",
            "object": "event",
            "type": "payment_intent.succeeded",
            "data": {"object": intent},
        }

        def browser_or_webhook(index, checkout=checkout, event=event):
            if index == 0:
                return checkout_complete(checkout=checkout)
            return stripe_event_handle(event=event)

        browser, webhook = run_together(browser_or_webhook, 2)

        assert isinstance(browser, Order), browser
        assert webhook.processed_at is not None, webhook.error
        assert Order.objects.filter(checkout_token=checkout.token).count() == 1
        captures = PaymentTransaction.objects.filter(payment=payment, kind="capture")
        assert captures.count() == 1
        variant.refresh_from_db()
        assert variant.quantity == 4


def test_two_paid_checkouts_racing_for_the_last_use_of_a_voucher_both_become_orders(
    stripe_settings, localstripe
):
    """Both started paying while the code had one use left: both paid with it, both honoured."""
    voucher = Voucher.objects.create(code="LAST1", value=Decimal("10"), usage_limit=1)
    events = []
    for index in range(2):
        checkout = ready_checkout(
            lines=[(variant_in_stock(price="19.90", quantity=5), 1)],
            email=f"buyer{index}@example.com",
        )
        checkout_promo_code_add(checkout=checkout, code="LAST1")
        payment = payment_start(checkout=checkout, gateway_name="stripe")
        intent = localstripe.pay(payment.provider_reference)
        events.append(
            {
                "id": f"evt_voucher_{index}",
                "object": "event",
                "type": "payment_intent.succeeded",
                "data": {"object": intent},
            }
        )

    stored = run_together(lambda index: stripe_event_handle(event=events[index]), 2)

    assert all(event.processed_at is not None for event in stored), stored
    orders = Order.objects.all()
    assert [(order.status, order.discount) for order in orders] == [
        ("unconfirmed", Decimal("1.99"))
    ] * 2
    voucher.refresh_from_db()
    assert voucher.used_count == 2
    assert OrderEvent.objects.filter(type=OrderEvent.Type.HONOURED_AS_PAID).count() == 1
