"""The Stripe webhook: signed events from localstripe (delivered to live_server) or signed here."""

import json
import time
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from orders.checkout.payment import checkout_complete
from orders.checkout.services import checkout_merge
from orders.models import Order, Payment, PaymentTransaction, StripeEvent
from shop.models import ProductVariant, Reservation
from tests.localstripe import CARD_DECLINED, WEBHOOK_SECRET, stripe_signature_header
from tests.orders.builders import card_payment_started

pytestmark = pytest.mark.django_db(transaction=True)

URL = "/webhooks/stripe/"


def _event(event_type: str, intent: dict, event_id: str = "evt_smallshop_1") -> dict:
    return {
        "id": event_id,
        "object": "event",
        "type": event_type,
        "created": int(time.time()),
        "livemode": False,
        "data": {"object": intent},
    }


def _post(client, payload: str, signature: str | None):
    headers = {} if signature is None else {"Stripe-Signature": signature}
    return client.post(URL, data=payload, content_type="application/json", headers=headers)


def _post_signed(client, event: dict):
    payload = json.dumps(event)
    return _post(client, payload, stripe_signature_header(payload, WEBHOOK_SECRET))


def test_a_paid_checkout_whose_shopper_never_came_back_gets_exactly_one_order(
    stripe_webhooks, localstripe
):
    payment = card_payment_started(quantity=2)
    checkout = payment.checkout

    localstripe.pay(payment.provider_reference)
    stripe_webhooks.wait(1)

    order = Order.objects.get()
    assert order.checkout_token == checkout.token
    assert order.payment_status == "fully_charged"
    event = StripeEvent.objects.get()
    assert event.type == "payment_intent.succeeded"
    assert event.processed_at is not None
    # The order email, then the payment confirmation with the invoice.
    assert [m.to for m in mail.outbox] == [["alice@example.com"]] * 2
    assert mail.outbox[1].subject == f"Payment received — your invoice {order.invoice.number}"

    # The browser comes back late: the same order, nothing booked twice.
    assert checkout_complete(checkout=checkout) == order
    assert Order.objects.count() == 1
    assert PaymentTransaction.objects.filter(kind="capture").count() == 1


def test_a_declined_card_frees_the_stock_and_tells_the_shopper(stripe_webhooks, localstripe):
    payment = card_payment_started()
    checkout = payment.checkout

    localstripe.pay(payment.provider_reference, card=CARD_DECLINED)
    stripe_webhooks.wait(1)

    payment.refresh_from_db()
    assert payment.status == "failed"
    failure = payment.transactions.get(kind="failure")
    assert failure.message == "Your card was declined."
    assert not Reservation.objects.filter(checkout_token=checkout.token).exists()
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]
    assert mail.outbox[0].subject == "Your payment did not go through"
    assert StripeEvent.objects.get().type == "payment_intent.payment_failed"
    with pytest.raises(ValidationError) as info:
        checkout_complete(checkout=checkout)
    assert info.value.error_dict["id"][0].code == "payment_failed"
    assert not Order.objects.exists()


def test_a_wrong_or_missing_signature_is_refused_and_nothing_is_stored(
    client, stripe_settings, localstripe
):
    payment = card_payment_started()
    localstripe.pay(payment.provider_reference)
    payload = json.dumps(
        _event("payment_intent.succeeded", localstripe.payment_intent(payment.provider_reference))
    )

    wrong_secret = _post(client, payload, stripe_signature_header(payload, "whsec_not_ours"))
    missing = _post(client, payload, None)
    tampered = _post(
        client,
        payload.replace('"livemode": false', '"livemode": true'),
        stripe_signature_header(payload, WEBHOOK_SECRET),
    )
    not_json = _post(client, "{not json", stripe_signature_header("{not json", WEBHOOK_SECRET))

    assert [r.status_code for r in (wrong_secret, missing, tampered, not_json)] == [400] * 4
    assert not StripeEvent.objects.exists()
    assert not Order.objects.exists()
    assert Payment.objects.get(pk=payment.pk).status == "pending"


def test_the_same_event_delivered_twice_is_processed_once(client, stripe_settings, localstripe):
    payment = card_payment_started()
    checkout = payment.checkout
    localstripe.pay(payment.provider_reference)
    event = _event(
        "payment_intent.succeeded", localstripe.payment_intent(payment.provider_reference)
    )

    first = _post_signed(client, event)
    processed_at = StripeEvent.objects.get().processed_at
    second = _post_signed(client, event)

    assert (first.status_code, second.status_code) == (200, 200)
    stored = StripeEvent.objects.get()
    assert stored.event_id == event["id"]
    assert stored.processed_at == processed_at
    assert Order.objects.filter(checkout_token=checkout.token).count() == 1
    assert PaymentTransaction.objects.filter(kind="capture").count() == 1
    assert len(mail.outbox) == 2  # the order email and the invoice, once


def test_an_event_that_fails_is_recorded_answered_500_and_processed_on_redelivery(
    client, stripe_settings, localstripe
):
    payment = card_payment_started()
    checkout = payment.checkout
    intent = localstripe.pay(payment.provider_reference)
    broken = {key: value for key, value in intent.items() if key != "amount"}

    failed = _post_signed(client, _event("payment_intent.succeeded", broken))

    assert failed.status_code == 500
    stored = StripeEvent.objects.get()
    assert stored.processed_at is None
    assert "KeyError" in stored.error
    assert not Order.objects.exists()

    retried = _post_signed(client, _event("payment_intent.succeeded", intent))

    assert retried.status_code == 200
    stored.refresh_from_db()
    assert stored.processed_at is not None
    assert stored.error == ""
    assert Order.objects.get().checkout_token == checkout.token


def test_a_payment_intent_canceled_at_stripe_cancels_the_payment_and_frees_the_stock(
    client, stripe_settings, localstripe
):
    payment = card_payment_started()
    checkout = payment.checkout
    canceled = localstripe.client().v1.payment_intents.cancel(payment.provider_reference)

    response = _post_signed(client, _event("payment_intent.canceled", canceled.to_dict()))

    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.status == "canceled"
    assert payment.transactions.filter(kind="cancel", status="success").count() == 1
    assert not Reservation.objects.filter(checkout_token=checkout.token).exists()


def test_other_events_are_stored_and_ignored(client, stripe_settings):
    response = _post_signed(client, _event("customer.created", {"id": "cus_1"}, "evt_other"))

    assert response.status_code == 200
    stored = StripeEvent.objects.get()
    assert (stored.event_id, stored.type) == ("evt_other", "customer.created")
    assert stored.processed_at is not None


def test_the_webhook_only_takes_posts(client, stripe_settings):
    assert client.get(URL).status_code == 405


def test_a_placement_that_cannot_happen_is_recorded_and_stops_asking_for_redeliveries(
    client, stripe_settings, localstripe, caplog
):
    stripe_settings.STRIPE_WEBHOOK_MAX_ATTEMPTS = 3
    payment = card_payment_started()
    [line] = payment.snapshot["lines"]
    ProductVariant.objects.filter(pk=line["variant_id"]).delete()  # by the seller, meanwhile
    event = _event(
        "payment_intent.succeeded", localstripe.pay(payment.provider_reference), "evt_gone"
    )

    answers = [_post_signed(client, event).status_code for _delivery in range(4)]

    # Stripe is asked again twice, then no more: the event waits in the admin.
    assert answers == [500, 500, 200, 200]
    stored = StripeEvent.objects.get()
    assert (stored.processed_at, stored.attempts) == (None, 4)
    assert stored.error == (
        f"PlacementImpossible: Paid-for variants no longer exist: {line['sku']}"
    )
    assert any(
        record.levelname == "ERROR" and "no more redeliveries" in record.getMessage()
        for record in caplog.records
    )
    assert not Order.objects.exists()
    assert Payment.objects.get(pk=payment.pk).status == "pending"


def test_a_payment_whose_cart_was_merged_away_at_sign_in_is_refunded(
    client, stripe_settings, localstripe, alice, caplog
):
    payment = card_payment_started()
    intent = localstripe.pay(payment.provider_reference)
    # The shopper signs in from another tab before the order is placed: the anonymous cart
    # joins their account's, too late to cancel its payment.
    checkout_merge(source=payment.checkout, user=alice)

    response = _post_signed(client, _event("payment_intent.succeeded", intent))

    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.checkout_id is None
    assert (payment.status, payment.captured_amount, payment.refunded_amount) == (
        "succeeded",
        Decimal("24.80"),
        Decimal("24.80"),
    )
    refund = payment.transactions.get(kind="refund")
    assert refund.status == "success"
    assert refund.message == "No order could be placed: the cart of this payment no longer exists."
    assert [r["amount"] for r in localstripe.refunds(payment.provider_reference)] == [2480]
    assert not Order.objects.exists()
    assert any(
        record.levelname == "ERROR" and "no checkout left" in record.getMessage()
        for record in caplog.records
    )


def test_signing_in_cancels_the_payment_of_the_merged_cart(stripe_settings, localstripe, alice):
    payment = card_payment_started()

    checkout_merge(source=payment.checkout, user=alice)

    assert localstripe.payment_intent(payment.provider_reference)["status"] == "canceled"
    assert Payment.objects.get(pk=payment.pk).status == "canceled"
