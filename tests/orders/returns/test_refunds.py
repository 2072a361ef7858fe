"""Refunds of returns and goodwill refunds, through the offline gateway (orders.returns,
orders.returns.refunds); Stripe in test_refunds_stripe.py, races in test_refunds_concurrency.py."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from orders.models import Payment, PaymentTransaction, Refund
from orders.payments.ledger import payment_record_capture
from orders.returns.selectors import return_refund_amount
from orders.returns.services import order_refund, return_request_create, return_request_refund
from orders.tasks import retry_pending_refunds
from tests.errors import error_code
from tests.factories import UserFactory
from tests.files import pdf_text
from tests.orders.order_builders import delivered_order, received_return, seller, support_agent

pytestmark = pytest.mark.django_db


def test_a_received_return_is_refunded_at_the_price_paid_with_a_credit_note(
    django_capture_on_commit_callbacks, mailoutbox
):
    # 3 × 25.00 + 1 × 10.00 = 85.00, 10.00 off shared by amount: line 1 pays 66.18, line 2 8.82.
    order = delivered_order(quantities=(3, 1), prices=["25.00", "10.00"], voucher="10.00")
    assert (order.discount, order.total) == (Decimal("10.00"), Decimal("79.90"))
    return_request = received_return(order, {0: 2})
    assert return_refund_amount(return_request, False) == Decimal("44.12")
    assert return_refund_amount(return_request, True) == Decimal("49.02")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        refund = return_request_refund(
            return_request=return_request, include_shipping=True, user=seller()
        )

    refund.refresh_from_db()
    assert (refund.amount, refund.shipping_amount, refund.status) == (
        Decimal("49.02"),
        Decimal("4.90"),
        "succeeded",
    )
    return_request.refresh_from_db()
    assert (return_request.status, return_request.refunded_amount) == (
        "refunded",
        Decimal("49.02"),
    )
    payment = Payment.objects.get(order=order)
    assert payment.refunded_amount == Decimal("49.02")
    assert list(refund.transactions.values_list("status", "amount")) == [
        ("success", Decimal("49.02"))
    ]
    order.refresh_from_db()
    assert order.payment_status == "partially_refunded"
    year = timezone.localdate().year
    assert refund.credit_note_number == f"AV-{year}-000001"
    text = pdf_text(refund.credit_note)
    assert f"AV-{year}-000001" in text and order.number in text and return_request.number in text
    assert "Shipping" in text and "49.02" in text
    assert order.events.filter(type="credit_note_generated").count() == 1
    assert [m.subject for m in mailoutbox] == [f"Your refund for order {order.number}"]
    assert "49.02" in mailoutbox[0].body
    assert f"Credit note AV-{year}-000001" in mailoutbox[0].body


def test_every_unit_returned_refunds_exactly_what_was_paid(django_capture_on_commit_callbacks):
    order = delivered_order(quantities=(3,), prices=["9.99"], voucher="1.00")
    paid = order.total - order.shipping_price
    refunded = Decimal(0)
    for _unit in range(3):
        return_request = received_return(order, {0: 1})
        with django_capture_on_commit_callbacks(execute=True):
            refunded += return_request_refund(
                return_request=return_request, include_shipping=False
            ).amount
    assert refunded == paid == Decimal("28.97")


def test_shipping_is_refunded_once_per_order(django_capture_on_commit_callbacks):
    order = delivered_order(quantities=(1, 1))
    first = received_return(order, {0: 1})
    with django_capture_on_commit_callbacks(execute=True):
        return_request_refund(return_request=first, include_shipping=True)
    second = received_return(order, {1: 1})

    assert return_refund_amount(second, True) == Decimal("25.00")
    with django_capture_on_commit_callbacks(execute=True):
        refund = return_request_refund(return_request=second, include_shipping=True)
    assert refund.shipping_amount == Decimal("0.00")
    order.refresh_from_db()
    assert order.payment_status == "fully_refunded"


def test_a_return_refunded_twice_refunds_once(django_capture_on_commit_callbacks, mailoutbox):
    order = delivered_order(quantities=(1,))
    return_request = received_return(order)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        first = return_request_refund(return_request=return_request, include_shipping=False)
    with django_capture_on_commit_callbacks(execute=True):
        again = return_request_refund(return_request=return_request, include_shipping=False)

    assert again.pk == first.pk
    assert Refund.objects.count() == 1
    assert PaymentTransaction.objects.filter(kind="refund").count() == 1
    assert len(mailoutbox) == 1


def test_only_a_received_return_is_refunded():
    order = delivered_order(quantities=(1,))
    return_request = return_request_create(
        order=order,
        lines=[{"order_line_id": order.lines.get().pk, "quantity": 1, "reason": "damaged"}],
    )

    with pytest.raises(ValidationError) as info:
        return_request_refund(return_request=return_request, include_shipping=True)

    assert error_code(info, "amount") == "invalid_transition"
    assert not Refund.objects.exists()
    assert Payment.objects.get(order=order).refunded_amount == 0


def test_a_goodwill_refund_is_refunded_once_when_asked_twice(
    django_capture_on_commit_callbacks, mailoutbox
):
    order = delivered_order(quantities=(1,))
    user = seller()
    mailoutbox.clear()

    for _click in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            refund = order_refund(
                order=order, amount=Decimal("5.00"), reason="Late delivery", user=user
            )

    assert Refund.objects.count() == 1
    refund.refresh_from_db()
    assert refund.status == "succeeded"
    assert Payment.objects.get(order=order).refunded_amount == Decimal("5.00")
    assert len(mailoutbox) == 1
    assert "Goodwill gesture" in pdf_text(refund.credit_note)
    assert order.events.filter(type="refunded").count() == 1


def test_the_same_client_key_refunds_once_even_with_other_amounts(
    django_capture_on_commit_callbacks,
):
    order = delivered_order(quantities=(1,))
    with django_capture_on_commit_callbacks(execute=True):
        first = order_refund(
            order=order, amount=Decimal("5.00"), reason="Late", idempotency_key="client-1"
        )
    second = order_refund(
        order=order, amount=Decimal("6.00"), reason="Late!", idempotency_key="client-1"
    )

    assert second.pk == first.pk
    assert Payment.objects.get(order=order).refunded_amount == Decimal("5.00")


def test_refunds_above_what_was_captured_are_refused_and_change_nothing(
    django_capture_on_commit_callbacks,
):
    order = delivered_order(quantities=(1,))  # 25.00 + 4.90
    with django_capture_on_commit_callbacks(execute=True):
        order_refund(order=order, amount=Decimal("20.00"), reason="Scratch")

    with pytest.raises(ValidationError) as info:
        order_refund(order=order, amount=Decimal("10.00"), reason="More")

    assert error_code(info, "amount") == "refund_exceeds_captured"
    assert (
        "9.90"
        in info.value.error_dict["amount"][0].message % info.value.error_dict["amount"][0].params
    )
    assert Refund.objects.count() == 1
    assert Payment.objects.get(order=order).refunded_amount == Decimal("20.00")
    for amount, code in [(Decimal("0"), "invalid"), (Decimal("-1"), "invalid")]:
        with pytest.raises(ValidationError) as info:
            order_refund(order=order, amount=amount, reason="Nope")
        assert error_code(info, "amount") == code
    with pytest.raises(ValidationError) as info:
        order_refund(order=order, amount=Decimal("1"), reason=" ")
    assert error_code(info, "reason") == "required"
    assert Refund.objects.count() == 1


def test_support_agents_refund_up_to_their_limit(django_capture_on_commit_callbacks, settings):
    settings.SUPPORT_AGENT_REFUND_LIMIT = Decimal("20.00")
    order = delivered_order(quantities=(2,))
    agent = support_agent()

    with pytest.raises(ValidationError) as info:
        order_refund(order=order, amount=Decimal("20.01"), reason="Sorry", user=agent)
    assert error_code(info, "amount") == "refund_limit_exceeded"
    assert not Refund.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        refund = order_refund(order=order, amount=Decimal("20.00"), reason="Sorry", user=agent)
    assert refund.created_by == agent

    return_request = received_return(order, {0: 1})  # 25.00: above the agent's limit
    with pytest.raises(ValidationError) as info:
        return_request_refund(return_request=return_request, include_shipping=False, user=agent)
    assert error_code(info, "amount") == "refund_limit_exceeded"
    return_request.refresh_from_db()
    assert return_request.status == "received"
    with django_capture_on_commit_callbacks(execute=True):
        return_request_refund(return_request=return_request, include_shipping=False, user=seller())
    return_request.refresh_from_db()
    assert return_request.status == "refunded"


def test_a_customer_cannot_refund():
    order = delivered_order(quantities=(1,))

    with pytest.raises(ValidationError) as info:
        order_refund(order=order, amount=Decimal("1.00"), reason="Me", user=UserFactory())

    assert error_code(info, "__all__") == "permission_denied"
    assert not Refund.objects.exists()


def test_a_refund_left_pending_is_sent_again_by_the_sweep(
    django_capture_on_commit_callbacks, mailoutbox
):
    order = delivered_order(quantities=(1,))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=False):  # the process dies after commit
        refund = order_refund(order=order, amount=Decimal("7.00"), reason="Late")
    assert retry_pending_refunds.delay().get() == 0  # too recent: maybe still running
    PaymentTransaction.objects.filter(refund=refund).update(
        created_at=timezone.now() - timedelta(minutes=11)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert retry_pending_refunds.delay().get() == 1

    refund.refresh_from_db()
    assert refund.status == "succeeded" and refund.credit_note_number
    assert len(mailoutbox) == 1
    assert retry_pending_refunds.delay().get() == 0


def test_a_refund_is_split_over_the_payments_oldest_first_with_one_email(
    django_capture_on_commit_callbacks, mailoutbox
):
    order = delivered_order(quantities=(1,))  # 29.90 captured by the first payment
    with transaction.atomic():  # a second payment (a supplement paid by bank transfer)
        extra = Payment.objects.create(
            order=order,
            gateway="bank_transfer",
            amount=Decimal("10.00"),
            currency="EUR",
            provider_reference="offline-extra",
            idempotency_key="extra-payment",
            fingerprint="extra",
        )
        payment_record_capture(payment=extra, order=order, amount=Decimal("10.00"))
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        refund = order_refund(order=order, amount=Decimal("35.00"), reason="Lost parcel")

    refund.refresh_from_db()
    assert refund.status == "succeeded"
    assert list(
        refund.transactions.order_by("payment_id").values_list("payment_id", "amount", "status")
    ) == [
        (Payment.objects.exclude(pk=extra.pk).get().pk, Decimal("29.90"), "success"),
        (extra.pk, Decimal("5.10"), "success"),
    ]
    assert len(mailoutbox) == 1 and "35.00" in mailoutbox[0].body
    assert "35.00" in pdf_text(refund.credit_note)
    order.refresh_from_db()
    assert order.payment_status == "partially_refunded"
