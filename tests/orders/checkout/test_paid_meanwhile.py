"""No paid checkout is refused: what changes between the start of a card payment and its
success, against localstripe over the wire. Each case is placed both ways the shop learns of
the payment: the shopper's browser coming back (checkout_complete) and the Stripe webhook (a
signed event carrying the PaymentIntent as localstripe has it), which must answer 2xx."""

import json
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from orders.checkout.payment import checkout_complete, payment_start
from orders.checkout.services import checkout_lines_update, checkout_promo_code_add
from orders.models import Order, OrderEvent, Payment, StripeEvent, Voucher
from orders.models.order import OrderStatus, PaymentStatus
from shop.models import Reservation
from tests.errors import error_code
from tests.localstripe import WEBHOOK_SECRET, stripe_signature_header
from tests.orders.builders import CUSTOMER_EMAIL, ready_checkout, variant_in_stock

pytestmark = pytest.mark.django_db(transaction=True)

WEBHOOK_URL = "/webhooks/stripe/"
PATHS = ["browser", "webhook"]


def webhook_post(client, localstripe, payment: Payment):
    """Stripe telling our webhook that `payment` succeeded, as Stripe signs it."""
    intent = localstripe.payment_intent(payment.provider_reference)
    event = {
        "id": f"evt_{intent['id']}",
        "object": "event",
        "type": "payment_intent.succeeded",
        "created": int(time.time()),
        "livemode": False,
        "data": {"object": intent},
    }
    payload = json.dumps(event)
    return client.post(
        WEBHOOK_URL,
        data=payload,
        content_type="application/json",
        headers={"Stripe-Signature": stripe_signature_header(payload, WEBHOOK_SECRET)},
    )


def place(path: str, client, localstripe, payment: Payment) -> Order:
    """The paid payment's order, placed by the shopper's browser or by the webhook."""
    if path == "browser":
        return checkout_complete(checkout=payment.checkout)
    response = webhook_post(client, localstripe, payment)
    assert response.status_code == 200
    assert StripeEvent.objects.get(type="payment_intent.succeeded").processed_at is not None
    return Order.objects.get(checkout_token=payment.checkout.token)


def honoured(order: Order) -> list[str]:
    """The seller's "honoured as paid" entries of the order's timeline."""
    events = order.events.filter(type=OrderEvent.Type.HONOURED_AS_PAID)
    assert not events.filter(customer_visible=True).exists()
    return list(events.values_list("message", flat=True))


def refunds_at_stripe(localstripe, payment: Payment) -> list[int]:
    return [refund["amount"] for refund in localstripe.refunds(payment.provider_reference)]


def emails_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def voucher_checkout(**voucher_fields):
    """Alice's checkout of 2 × 19.90 with 10 % off by the single-use voucher SPRING10, and
    4.90 shipping: 39.80 − 3.98 + 4.90 = 40.72."""
    voucher = Voucher.objects.create(
        code="SPRING10", value=Decimal("10"), usage_limit=1, **voucher_fields
    )
    variant = variant_in_stock(price="19.90", quantity=5)
    checkout = ready_checkout(lines=[(variant, 2)])
    checkout_promo_code_add(checkout=checkout, code="SPRING10")
    return voucher, variant, checkout


def test_the_payment_keeps_what_it_was_started_for(stripe_settings):
    _voucher, variant, checkout = voucher_checkout()

    payment = payment_start(checkout=checkout, gateway_name="stripe")

    assert Payment.objects.get(pk=payment.pk).snapshot == {
        "currency": "EUR",
        "lines": [
            {
                "variant_id": variant.pk,
                "sku": variant.sku,
                "quantity": 2,
                "unit_price": "19.90",
                "vat_rate": "20.00",
                "total": "39.80",
            }
        ],
        "subtotal": "39.80",
        "discount": "3.98",
        "shipping": "4.90",
        "vat": "6.79",
        "total": "40.72",
        "vat_breakdown": [
            {"rate": "20.00", "net": "33.93", "vat": "6.79", "gross": "40.72"},
        ],
        "voucher_id": checkout.voucher_id,
        "voucher_code": "SPRING10",
        "shipping_method_id": checkout.shipping_method_id,
        "shipping_method_name": "Colissimo",
    }


@pytest.mark.parametrize("path", PATHS)
def test_a_voucher_used_up_meanwhile_is_honoured(
    path, client, settings, stripe_settings, localstripe
):
    voucher, _variant, checkout = voucher_checkout()
    payment = payment_start(checkout=checkout, gateway_name="stripe")
    # Meanwhile Bob places an order with the last use of the code.
    settings.OFFLINE_GATEWAY_MARK_PAID = True
    other = ready_checkout(lines=[(variant_in_stock(), 1)], email="bob@example.com")
    checkout_promo_code_add(checkout=other, code="SPRING10")
    payment_start(checkout=other, gateway_name="bank_transfer")
    checkout_complete(checkout=other)
    voucher.refresh_from_db()
    assert voucher.used_count == voucher.usage_limit == 1
    localstripe.pay(payment.provider_reference)

    order = place(path, client, localstripe, payment)

    assert (order.status, order.payment_status) == (
        OrderStatus.UNCONFIRMED,
        PaymentStatus.FULLY_CHARGED,
    )
    assert (order.discount, order.total, order.voucher_code) == (
        Decimal("3.98"),
        Decimal("40.72"),
        "SPRING10",
    )
    assert honoured(order) == ["Voucher SPRING10 was used up after the payment started: honoured."]
    voucher.refresh_from_db()
    assert voucher.used_count == 2
    assert voucher.usages.filter(order=order).exists()
    assert refunds_at_stripe(localstripe, payment) == []
    assert [m.subject for m in emails_to(CUSTOMER_EMAIL)] == [
        f"Your order {order.number} is placed",
        f"Payment received — your invoice {order.invoice.number}",
    ]


@pytest.mark.parametrize("path", PATHS)
def test_a_voucher_expired_meanwhile_is_honoured(path, client, stripe_settings, localstripe):
    voucher, _variant, checkout = voucher_checkout(ends_at=timezone.now() + timedelta(minutes=10))
    payment = payment_start(checkout=checkout, gateway_name="stripe")
    Voucher.objects.filter(pk=voucher.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    localstripe.pay(payment.provider_reference)

    order = place(path, client, localstripe, payment)

    assert (order.status, order.payment_status) == (
        OrderStatus.UNCONFIRMED,
        PaymentStatus.FULLY_CHARGED,
    )
    assert (order.discount, order.total) == (Decimal("3.98"), Decimal("40.72"))
    assert honoured(order) == ["Voucher SPRING10 expired after the payment started: honoured."]
    voucher.refresh_from_db()
    assert voucher.used_count == 1
    assert refunds_at_stripe(localstripe, payment) == []


@pytest.mark.parametrize("path", PATHS)
def test_a_price_changed_meanwhile_is_sold_at_the_price_paid(
    path, client, stripe_settings, localstripe
):
    variant = variant_in_stock(price="19.90", quantity=5)
    checkout = ready_checkout(lines=[(variant, 2)])
    payment = payment_start(checkout=checkout, gateway_name="stripe")
    variant.price = Decimal("24.90")  # the seller edits the price
    variant.save()
    localstripe.pay(payment.provider_reference)

    order = place(path, client, localstripe, payment)

    assert (order.status, order.payment_status) == (
        OrderStatus.UNCONFIRMED,
        PaymentStatus.FULLY_CHARGED,
    )
    line = order.lines.get()
    assert (line.unit_price, line.total, order.total) == (
        Decimal("19.90"),
        Decimal("39.80"),
        Decimal("44.70"),
    )
    assert honoured(order) == [
        f"The price of {variant.sku} changed from €19.90 to €24.90 after the payment started: "
        "sold at €19.90."
    ]
    assert refunds_at_stripe(localstripe, payment) == []
    variant.refresh_from_db()
    assert variant.quantity == 3
    assert [m.subject for m in emails_to(CUSTOMER_EMAIL)] == [
        f"Your order {order.number} is placed",
        f"Payment received — your invoice {order.invoice.number}",
    ]


@pytest.mark.parametrize("path", PATHS)
def test_a_cart_changed_after_paying_cancels_refunds_and_says_why(
    path, client, stripe_settings, localstripe
):
    variant = variant_in_stock(price="19.90", quantity=5)
    checkout = ready_checkout(lines=[(variant, 2)])
    payment = payment_start(checkout=checkout, gateway_name="stripe")
    localstripe.pay(payment.provider_reference)
    # In another tab, before the order is placed: too late to cancel the payment.
    checkout_lines_update(checkout=checkout, lines=[(variant.pk, 3)])

    order = place(path, client, localstripe, payment)

    order.refresh_from_db()
    assert (order.status, order.payment_status) == (
        OrderStatus.CANCELED,
        PaymentStatus.FULLY_REFUNDED,
    )
    # The order records what was paid for, not the cart as it became.
    assert (order.lines.get().quantity, order.total) == (2, Decimal("44.70"))
    assert refunds_at_stripe(localstripe, payment) == [4470]
    why = (
        f"Your cart changed while your payment was going through: you paid for "
        f"2 × {variant.sku}, the cart then held 3 × {variant.sku}. The order is canceled and "
        "your payment refunded in full; you are welcome to order again."
    )
    canceled = order.events.get(type=OrderEvent.Type.CANCELED)
    assert (canceled.message, canceled.customer_visible) == (why, True)
    [email] = emails_to(CUSTOMER_EMAIL)
    assert email.subject == f"Your order {order.number} is canceled"
    assert email.body.count(why) == 1
    variant.refresh_from_db()
    assert variant.quantity == 5


@pytest.mark.parametrize("path", PATHS)
def test_a_second_payment_for_the_same_checkout_is_refunded_and_explained(
    path, client, stripe_settings, localstripe
):
    variant = variant_in_stock(price="19.90", quantity=5)
    checkout = ready_checkout(lines=[(variant, 2)])
    first = payment_start(checkout=checkout, gateway_name="stripe")
    localstripe.pay(first.provider_reference)
    # The price changes and the shopper, in another tab, pays again at the new price.
    variant.price = Decimal("24.90")
    variant.save()
    second = payment_start(checkout=checkout, gateway_name="stripe")
    assert second.pk != first.pk
    localstripe.pay(second.provider_reference)
    # The browser comes back with the last payment; the webhook may bring either first.
    kept, extra = (second, first) if path == "browser" else (first, second)

    order = place(path, client, localstripe, kept)
    late = webhook_post(client, localstripe, extra)

    assert late.status_code == 200
    order.refresh_from_db()
    assert Order.objects.count() == 1
    assert order.status == OrderStatus.UNCONFIRMED
    assert order.total == kept.amount
    assert order.payment_status == PaymentStatus.PARTIALLY_REFUNDED
    assert refunds_at_stripe(localstripe, kept) == []
    assert refunds_at_stripe(localstripe, extra) == [int(extra.amount * 100)]
    why = (
        "This order was paid twice (a second payment for the same cart, from another tab or "
        f"device): the second payment, €{extra.amount}, is refunded in full."
    )
    explained = order.events.filter(message=why, customer_visible=True)
    assert sorted(explained.values_list("type", flat=True)) == ["note_added", "refunded"]
    placed, paid, refunded = emails_to(CUSTOMER_EMAIL)
    assert placed.subject == f"Your order {order.number} is placed"
    assert paid.subject == f"Payment received — your invoice {order.invoice.number}"
    assert refunded.subject == f"Your refund for order {order.number}"
    assert why in refunded.body
    assert checkout_complete(checkout=checkout) == order


@pytest.mark.parametrize("path", PATHS)
def test_stock_sold_meanwhile_cancels_refunds_and_says_why(
    path, client, settings, stripe_settings, localstripe
):
    variant = variant_in_stock(price="30.00", quantity=1)
    checkout = ready_checkout(lines=[(variant, 1)])
    payment = payment_start(checkout=checkout, gateway_name="stripe")
    # The hold expires and someone else buys the last unit.
    past = timezone.now() - timedelta(minutes=1)
    Reservation.objects.filter(checkout_token=checkout.token).update(expires_at=past)
    settings.OFFLINE_GATEWAY_MARK_PAID = True
    quick = ready_checkout(lines=[(variant, 1)], email="quick@example.com")
    payment_start(checkout=quick, gateway_name="bank_transfer")
    checkout_complete(checkout=quick)
    localstripe.pay(payment.provider_reference)

    order = place(path, client, localstripe, payment)

    order.refresh_from_db()
    assert (order.status, order.payment_status) == (
        OrderStatus.CANCELED,
        PaymentStatus.FULLY_REFUNDED,
    )
    assert refunds_at_stripe(localstripe, payment) == [3490]
    why = f"The stock ran out before the order could be placed: {variant.sku}."
    assert order.events.get(type=OrderEvent.Type.OUT_OF_STOCK).message == why
    [email] = emails_to(CUSTOMER_EMAIL)
    assert email.subject == f"Your order {order.number} is canceled"
    assert email.body.count(why) == 1
    assert "refunded to your card" in email.body


def test_a_price_changed_meanwhile_placed_by_localstripe_s_own_webhook(
    stripe_webhooks, localstripe
):
    variant = variant_in_stock(price="19.90", quantity=5)
    checkout = ready_checkout(lines=[(variant, 1)])
    payment = payment_start(checkout=checkout, gateway_name="stripe")
    variant.price = Decimal("9.90")
    variant.save()

    localstripe.pay(payment.provider_reference)
    stripe_webhooks.wait(1)

    order = Order.objects.get(checkout_token=checkout.token)
    assert (order.total, order.payment_status) == (Decimal("24.80"), PaymentStatus.FULLY_CHARGED)
    assert order.lines.get().unit_price == Decimal("19.90")
    assert len(honoured(order)) == 1
    assert StripeEvent.objects.get().processed_at is not None


def test_an_offline_order_whose_voucher_ran_out_is_still_refused(settings):
    """Nothing was paid: the shopper is there to choose again, and nothing is written."""
    settings.OFFLINE_GATEWAY_MARK_PAID = False
    voucher, variant, checkout = voucher_checkout()
    payment_start(checkout=checkout, gateway_name="bank_transfer")
    Voucher.objects.filter(pk=voucher.pk).update(used_count=1)

    with pytest.raises(ValidationError) as info:
        checkout_complete(checkout=checkout)

    assert error_code(info, "promo_code") == "invalid_voucher"
    assert not Order.objects.exists()
    voucher.refresh_from_db()
    assert voucher.used_count == 1
    assert Reservation.objects.get(checkout_token=checkout.token).quantity == 2


def test_a_payment_started_before_snapshots_were_kept_is_placed_from_the_checkout(settings):
    settings.OFFLINE_GATEWAY_MARK_PAID = True
    variant = variant_in_stock(price="19.90", quantity=5)
    checkout = ready_checkout(lines=[(variant, 2)])
    payment = payment_start(checkout=checkout, gateway_name="bank_transfer")
    Payment.objects.filter(pk=payment.pk).update(snapshot=None)

    order = checkout_complete(checkout=checkout)

    assert (order.status, order.total) == (OrderStatus.UNCONFIRMED, Decimal("44.70"))
    assert order.payment_status == PaymentStatus.FULLY_CHARGED
    assert order.lines.get().quantity == 2
