"""Paying with Stripe, against localstripe over the wire (tests/localstripe.py)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from orders.checkout.payment import checkout_complete, payment_start
from orders.checkout.services import checkout_lines_update
from orders.models import Invoice, Order, Payment, PaymentTransaction
from orders.payments.refunds import payment_refund_after_commit, payment_refund_book
from orders.payments.stripe_gateway import from_minor_units, to_minor_units
from shop.models import Reservation
from tests.files import pdf_text
from tests.localstripe import CARD_DECLINED
from tests.orders.builders import ready_checkout, variant_in_stock

pytestmark = pytest.mark.django_db(transaction=True)


def _error(exc_info, field: str) -> ValidationError:
    return exc_info.value.error_dict[field][0]


def _held(checkout) -> dict[int, int]:
    reservations = Reservation.objects.filter(checkout_token=checkout.token)
    return dict(reservations.values_list("variant_id", "quantity"))


def _paid_order(localstripe, *, price=Decimal("19.90"), quantity=5):
    variant = variant_in_stock(price=price, quantity=quantity)
    checkout = ready_checkout(lines=[(variant, 2)])
    payment = payment_start(checkout=checkout, gateway_name="stripe")
    localstripe.pay(payment.provider_reference)
    return checkout_complete(checkout=checkout), Payment.objects.get(pk=payment.pk)


def test_amounts_convert_to_whole_minor_units_exactly():
    assert to_minor_units(Decimal("44.70"), "EUR") == 4470
    assert to_minor_units(Decimal("1500"), "JPY") == 1500
    assert from_minor_units(4470, "eur") == Decimal("44.70")
    with pytest.raises(ValueError):
        to_minor_units(Decimal("0.005"), "EUR")


def test_payment_start_opens_one_payment_intent_for_the_checkout_total(
    stripe_settings, localstripe
):
    variant = variant_in_stock(price=Decimal("19.90"), quantity=5)
    checkout = ready_checkout(lines=[(variant, 2)])

    payment = payment_start(checkout=checkout, gateway_name="stripe")

    intent = localstripe.payment_intent(payment.provider_reference)
    assert intent["amount"] == 4470  # 2 × 19.90 + 4.90 shipping
    assert intent["currency"] == "eur"
    assert intent["metadata"]["checkout"] == str(checkout.token)
    assert payment.client_secret == intent["client_secret"]
    assert payment.amount == Decimal("44.70")
    assert _held(checkout) == {variant.pk: 2}
    assert [(t.kind, t.status, t.provider_reference) for t in payment.transactions.all()] == [
        ("authorization", "pending", intent["id"])
    ]

    again = payment_start(checkout=checkout, gateway_name="stripe")

    assert (again.pk, again.provider_reference) == (payment.pk, payment.provider_reference)
    assert again.client_secret == payment.client_secret
    assert len(localstripe.payment_intents()) == 1


def test_a_cart_change_cancels_the_old_payment_intent(stripe_settings, localstripe):
    variant = variant_in_stock(price=Decimal("19.90"), quantity=5)
    checkout = ready_checkout(lines=[(variant, 2)])
    old = payment_start(checkout=checkout, gateway_name="stripe")

    checkout_lines_update(checkout=checkout, lines=[(variant.pk, 3)])

    assert localstripe.payment_intent(old.provider_reference)["status"] == "canceled"
    old.refresh_from_db()
    assert old.status == "canceled"
    assert old.transactions.filter(kind="cancel", status="success").count() == 1

    new = payment_start(checkout=checkout, gateway_name="stripe")

    assert new.pk != old.pk
    assert localstripe.payment_intent(new.provider_reference)["amount"] == 6460
    assert new.amount == Decimal("64.60")
    assert _held(checkout) == {variant.pk: 3}


def test_a_lost_create_answer_retried_with_its_key_keeps_one_payment(stripe_settings, localstripe):
    """localstripe ignores Idempotency-Key: the Payment row, unique per attempt and reused
    until it has its PaymentIntent, is what keeps a retry from making a second payment."""
    variant = variant_in_stock(price="19.90", quantity=5)
    checkout = ready_checkout(lines=[(variant, 1)])
    first = payment_start(checkout=checkout, gateway_name="stripe")
    # As if the answer to the create had been lost: no reference was recorded.
    first.transactions.all().delete()
    Payment.objects.filter(pk=first.pk).update(provider_reference=None, client_secret="")

    retried = payment_start(checkout=checkout, gateway_name="stripe")

    assert retried.pk == first.pk
    assert retried.idempotency_key == first.idempotency_key
    assert retried.provider_reference.startswith("pi_")
    assert Payment.objects.filter(checkout=checkout).count() == 1
    assert retried.transactions.filter(kind="authorization").count() == 1


def test_checkout_complete_before_the_card_is_confirmed_places_no_order(
    stripe_settings, localstripe
):
    variant = variant_in_stock(price="19.90", quantity=5)
    checkout = ready_checkout(lines=[(variant, 1)])
    payment_start(checkout=checkout, gateway_name="stripe")

    with pytest.raises(ValidationError) as info:
        checkout_complete(checkout=checkout)

    assert _error(info, "id").code == "payment_pending"
    assert not Order.objects.exists()
    assert _held(checkout) == {variant.pk: 1}
    variant.refresh_from_db()
    assert variant.quantity == 5


def test_a_paid_checkout_becomes_one_order_with_the_capture_booked(stripe_settings, localstripe):
    variant = variant_in_stock(price=Decimal("19.90"), quantity=5)
    checkout = ready_checkout(lines=[(variant, 2)])
    payment = payment_start(checkout=checkout, gateway_name="stripe")
    assert localstripe.pay(payment.provider_reference)["status"] == "succeeded"

    order = checkout_complete(checkout=checkout)

    assert order.total == Decimal("44.70")
    assert order.payment_status == "fully_charged"
    payment.refresh_from_db()
    assert (payment.status, payment.captured_amount) == ("succeeded", Decimal("44.70"))
    captures = payment.transactions.filter(kind="capture")
    assert [(t.status, t.amount, t.provider_reference) for t in captures] == [
        ("success", Decimal("44.70"), payment.provider_reference)
    ]
    variant.refresh_from_db()
    assert variant.quantity == 3
    assert _held(checkout) == {}
    # The order email, then (invoice task) the payment confirmation with the invoice attached.
    assert [message.to for message in mail.outbox] == [["alice@example.com"]] * 2
    invoice = Invoice.objects.get(order=order)
    assert invoice.number == f"F-{order.created_at.year}-000001"
    placed, paid = mail.outbox
    assert placed.subject == f"Your order {order.number} is placed"
    assert paid.subject == f"Payment received — your invoice {invoice.number}"
    [(filename, pdf, mimetype)] = paid.attachments
    assert (filename, mimetype) == (f"{invoice.number}.pdf", "application/pdf")
    assert invoice.number in pdf_text(pdf)

    assert checkout_complete(checkout=checkout) == order
    assert Order.objects.count() == 1
    assert payment.transactions.filter(kind="capture").count() == 1


def test_a_declined_card_gives_payment_failed_and_no_order(stripe_settings, localstripe):
    variant = variant_in_stock(price="19.90", quantity=5)
    checkout = ready_checkout(lines=[(variant, 1)])
    payment = payment_start(checkout=checkout, gateway_name="stripe")
    intent = localstripe.pay(payment.provider_reference, card=CARD_DECLINED)
    assert intent["status"] == "requires_payment_method"

    with pytest.raises(ValidationError) as info:
        checkout_complete(checkout=checkout)

    error = _error(info, "id")
    assert error.code == "payment_failed"
    assert error.message == "Your card was declined."
    assert not Order.objects.exists()
    variant.refresh_from_db()
    assert variant.quantity == 5


def test_stripe_out_of_reach_gives_a_clear_error_and_holds_no_stock(stripe_settings):
    stripe_settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    variant = variant_in_stock(price="19.90", quantity=5)
    checkout = ready_checkout(lines=[(variant, 1)])

    with pytest.raises(ValidationError) as info:
        payment_start(checkout=checkout, gateway_name="stripe")

    error = _error(info, "gateway")
    assert error.code == "payment_failed"
    assert "cannot be reached" in error.message
    assert "sk_test" not in error.message
    assert Payment.objects.get(checkout=checkout).status == "failed"
    assert _held(checkout) == {}


def test_a_paid_checkout_whose_stock_was_sold_meanwhile_is_refunded_in_full(
    stripe_settings, localstripe
):
    stripe_settings.OFFLINE_GATEWAY_MARK_PAID = True
    variant = variant_in_stock(price=Decimal("30.00"), quantity=1)
    late = ready_checkout(lines=[(variant, 1)], email="late@example.com")
    payment = payment_start(checkout=late, gateway_name="stripe")
    localstripe.pay(payment.provider_reference)
    past = timezone.now() - timedelta(minutes=1)
    Reservation.objects.filter(checkout_token=late.token).update(expires_at=past)
    quick = ready_checkout(lines=[(variant, 1)], email="quick@example.com")
    payment_start(checkout=quick, gateway_name="bank_transfer")
    checkout_complete(checkout=quick)

    order = checkout_complete(checkout=late)

    assert order.status == "canceled"
    order.refresh_from_db()
    assert order.payment_status == "fully_refunded"
    types = list(order.events.values_list("type", flat=True))
    assert {"out_of_stock", "canceled", "refunded"} <= set(types)
    refund = payment.transactions.get(kind="refund")
    assert (refund.status, refund.amount) == ("success", Decimal("34.90"))
    assert refund.provider_reference.startswith("re_")
    assert [(r["id"], r["amount"]) for r in localstripe.refunds(payment.provider_reference)] == [
        (refund.provider_reference, 3490)
    ]
    variant.refresh_from_db()
    assert variant.quantity == 0
    canceled = [m for m in mail.outbox if m.to == ["late@example.com"]]
    assert len(canceled) == 1
    assert "canceled" in canceled[0].subject


def test_a_refund_above_what_was_captured_is_refused(stripe_settings, localstripe):
    order, payment = _paid_order(localstripe)

    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        with pytest.raises(ValidationError) as info:
            payment_refund_book(
                payment=locked,
                amount=Decimal("44.71"),
                reason="Too much",
                idempotency_key="refund-too-much",
            )

    assert _error(info, "amount").code == "refund_exceeds_captured"
    payment.refresh_from_db()
    assert payment.refunded_amount == Decimal("0.00")
    assert not PaymentTransaction.objects.filter(kind="refund").exists()
    assert localstripe.refunds(payment.provider_reference) == []


def test_a_refund_asked_twice_with_one_key_is_booked_and_sent_once(stripe_settings, localstripe):
    order, payment = _paid_order(localstripe)

    for _attempt in range(2):
        with transaction.atomic():
            locked = Payment.objects.select_for_update().get(pk=payment.pk)
            payment_refund_after_commit(
                payment=locked,
                amount=Decimal("10.00"),
                reason="Damaged box",
                idempotency_key="refund-damaged-box",
            )

    payment.refresh_from_db()
    assert payment.refunded_amount == Decimal("10.00")
    refund = payment.transactions.get(kind="refund")
    assert (refund.status, refund.amount) == ("success", Decimal("10.00"))
    assert [r["amount"] for r in localstripe.refunds(payment.provider_reference)] == [1000]
    order.refresh_from_db()
    assert order.payment_status == "partially_refunded"
    assert order.events.filter(type="refunded").count() == 1
