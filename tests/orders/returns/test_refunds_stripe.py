"""Refunds of card payments, against localstripe over the wire: localstripe accepts refunds
above the capture, so the limit tested here is ours."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from orders.models import Payment, Refund
from orders.returns.services import order_refund, return_request_refund
from tests.orders.order_builders import delivered_order, received_return

pytestmark = pytest.mark.django_db(transaction=True)


def test_partial_and_repeated_refunds_go_to_stripe_and_never_exceed_the_capture(
    stripe_settings, localstripe
):
    order = delivered_order(quantities=(2,), stripe=localstripe)  # 50.00 + 4.90
    payment = Payment.objects.get(order=order)
    assert payment.gateway == "stripe" and payment.captured_amount == Decimal("54.90")
    return_request = received_return(order, {0: 1}, restock=False)

    first = return_request_refund(return_request=return_request, include_shipping=True)
    second = order_refund(order=order, amount=Decimal("20.00"), reason="Late delivery")

    assert (first.status, first.amount) == ("succeeded", Decimal("29.90"))
    assert second.status == "succeeded"
    refunds = localstripe.refunds(payment.provider_reference)
    assert sorted(r["amount"] for r in refunds) == [2000, 2990]
    stripe_ids = {row.provider_reference for row in Payment.objects.get().transactions.all()}
    assert {r["id"] for r in refunds} <= stripe_ids

    with pytest.raises(ValidationError) as info:
        order_refund(order=order, amount=Decimal("5.01"), reason="Too much")
    assert info.value.error_dict["amount"][0].code == "refund_exceeds_captured"
    assert len(localstripe.refunds(payment.provider_reference)) == 2
    payment.refresh_from_db()
    assert payment.refunded_amount == Decimal("49.90")
    order.refresh_from_db()
    assert order.payment_status == "partially_refunded"

    last = order_refund(order=order, amount=Decimal("5.00"), reason="The rest")
    assert last.status == "succeeded"
    order.refresh_from_db()
    assert order.payment_status == "fully_refunded"
    assert Refund.objects.filter(order=order).count() == 3
    assert sum(1 for m in mail.outbox if m.subject.startswith("Your refund")) == 3
    assert all(refund.credit_note_number for refund in Refund.objects.all())


def test_a_replayed_refund_with_its_key_reaches_stripe_once(stripe_settings, localstripe):
    order = delivered_order(quantities=(1,), stripe=localstripe)
    payment = Payment.objects.get(order=order)

    first = order_refund(
        order=order, amount=Decimal("3.00"), reason="Scratch", idempotency_key="replay-1"
    )
    again = order_refund(
        order=order, amount=Decimal("3.00"), reason="Scratch", idempotency_key="replay-1"
    )

    assert again.pk == first.pk
    assert [r["amount"] for r in localstripe.refunds(payment.provider_reference)] == [300]


def test_a_refund_stripe_refuses_gives_the_money_back_to_refund_and_the_return_waits(
    stripe_settings, localstripe
):
    order = delivered_order(quantities=(1,), stripe=localstripe)
    return_request = received_return(order, {0: 1}, reason="damaged", restock=False)
    mail.outbox.clear()
    stripe_settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there

    refund = return_request_refund(return_request=return_request, include_shipping=False)

    assert refund.status == "failed"
    assert refund.credit_note_number is None
    payment = Payment.objects.get(order=order)
    assert payment.refunded_amount == Decimal("0.00")
    return_request.refresh_from_db()
    assert (return_request.status, return_request.refunded_amount) == ("received", 0)
    assert order.events.filter(type="refund_failed").count() == 1
    assert not [m for m in mail.outbox if m.subject.startswith("Your refund")]
    order.refresh_from_db()
    assert order.payment_status == "fully_charged"

    stripe_settings.STRIPE_API_BASE = localstripe.url
    again = return_request_refund(return_request=return_request, include_shipping=False)
    assert (again.status, again.amount) == ("succeeded", Decimal("25.00"))
    assert again.pk != refund.pk
