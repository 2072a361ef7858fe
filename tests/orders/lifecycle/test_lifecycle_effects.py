"""What the lifecycle services set off after the commit: the customer's emails, and the refund
of a canceled Stripe order at Stripe (localstripe over the wire)."""

from decimal import Decimal

import pytest

from orders.checkout.payment import checkout_complete, payment_start
from orders.lifecycle.cancel import order_cancel
from orders.lifecycle.fulfillment import fulfillment_mark_delivered, order_fulfill
from orders.lifecycle.transitions import order_confirm
from orders.models import Payment
from orders.models.order import OrderStatus
from tests.orders.builders import ready_checkout, variant_in_stock
from tests.orders.order_builders import placed_order

pytestmark = pytest.mark.django_db


def test_each_step_queues_its_email_on_commit(django_capture_on_commit_callbacks, mailoutbox):
    order = placed_order(quantities=(1,))

    with django_capture_on_commit_callbacks(execute=True):
        order_confirm(order=order)
    with django_capture_on_commit_callbacks(execute=True):
        parcel = order_fulfill(
            order=order, lines=[(order.lines.get().pk, 1)], carrier="ups", tracking_number="1Z42"
        )
    with django_capture_on_commit_callbacks(execute=True):
        fulfillment_mark_delivered(fulfillment=parcel)

    assert len(mailoutbox) == 3
    assert all(order.number in email.subject for email in mailoutbox)
    assert "https://www.ups.com/track?tracknum=1Z42" in mailoutbox[1].body
    sent = order.events.filter(type="email_sent").values_list("data__kind", flat=True)
    assert list(sent) == ["confirmed", "shipped", "delivered"]


def test_a_parcel_shipped_without_notifying_sends_no_email(
    django_capture_on_commit_callbacks, mailoutbox
):
    order = placed_order(quantities=(1,))
    with django_capture_on_commit_callbacks(execute=True):
        order_fulfill(order=order, lines=[(order.lines.get().pk, 1)], notify_customer=False)
    assert mailoutbox == []


@pytest.mark.django_db(transaction=True)
def test_cancel_a_stripe_order_refunds_it_at_stripe(stripe_settings, localstripe):
    variant = variant_in_stock(price=Decimal("19.90"), quantity=5)
    checkout = ready_checkout(lines=[(variant, 2)])
    payment = payment_start(checkout=checkout, gateway_name="stripe")
    localstripe.pay(payment.provider_reference)
    order = checkout_complete(checkout=checkout)
    variant.refresh_from_db()
    assert variant.quantity == 3

    order_cancel(order=order, reason="Customer asked")

    order.refresh_from_db()
    variant.refresh_from_db()
    payment = Payment.objects.get(pk=payment.pk)
    assert (order.status, variant.quantity) == (OrderStatus.CANCELED, 5)
    assert payment.refunded_amount == Decimal("44.70")
    refund = payment.transactions.get(kind="refund")
    assert refund.status == "success"
    [stripe_refund] = localstripe.refunds(payment.provider_reference)
    assert (stripe_refund["amount"], stripe_refund["id"]) == (4470, refund.provider_reference)
    assert order.payment_status == "fully_refunded"
