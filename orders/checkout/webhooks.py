"""Stripe webhook events: stored by id, processed once, dispatched to the payment services.

The caller (orders.webhooks.stripe_webhook) has verified the signature. An event is recorded and
processed in one transaction holding its row lock, so a redelivery, even a concurrent one, finds
it processed and does nothing again. A processing error rolls the processing back, is written on
the event with the count of failed attempts, and logged; the webhook asks Stripe to deliver it
again (an error answer) up to STRIPE_WEBHOOK_MAX_ATTEMPTS times, then stops asking, so that an
event that keeps failing never has Stripe disable the endpoint. It stays in the admin
(StripeEvent, "failed"), from where staff process it again once the cause is fixed
(`stripe_event_reprocess`, idempotent like a redelivery).
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orders.checkout.payment import payment_confirmed_by_provider
from orders.models import Checkout, Payment, PaymentTransaction, StripeEvent
from orders.payments.ledger import payment_failed_by_provider
from orders.payments.stripe_gateway import provider_payment_from_intent
from shop.stock import stock_release

logger = logging.getLogger(__name__)


def _payment_intent_succeeded(intent: dict) -> None:
    # Places the order if the shopper's browser never came back; a no-op if it did.
    payment_confirmed_by_provider(provider=provider_payment_from_intent(intent))


def _payment_intent_failed(intent: dict) -> None:
    provider = provider_payment_from_intent(intent)
    payment_failed_by_provider(
        reference=provider.reference,
        message=provider.failure_message or _("The payment was declined."),
    )


def _payment_intent_canceled(intent: dict) -> None:
    """Canceled at Stripe (by us, from the dashboard, or expired): record it, and free the stock
    when the checkout has no other payment running."""
    payment = Payment.objects.select_for_update().filter(provider_reference=intent["id"]).first()
    if payment is None or payment.status != Payment.Status.PENDING:
        return
    payment.status = Payment.Status.CANCELED
    payment.save(update_fields=["status", "updated_at"])
    PaymentTransaction.objects.create(
        payment=payment,
        kind=PaymentTransaction.Kind.CANCEL,
        status=PaymentTransaction.Status.SUCCESS,
        amount=payment.amount,
        currency=payment.currency,
        provider_reference=payment.provider_reference,
        idempotency_key=f"cancel-{payment.pk}",
        message=intent.get("cancellation_reason") or "",
    )
    checkout = Checkout.objects.filter(pk=payment.checkout_id, status=Checkout.Status.OPEN).first()
    if (
        checkout is not None
        and not checkout.payments.filter(status=Payment.Status.PENDING).exists()
    ):
        stock_release(checkout_token=checkout.token)


HANDLERS = {
    "payment_intent.succeeded": _payment_intent_succeeded,
    "payment_intent.payment_failed": _payment_intent_failed,
    "payment_intent.canceled": _payment_intent_canceled,
}


def stripe_event_handle(*, event: dict) -> StripeEvent:
    """Store a verified Stripe event by its id and process it once.

    Returns the stored event: `processed_at` is set when it was processed (now or before);
    when processing failed it is None and `error` says why (answer with an error so that
    Stripe delivers it again).
    """
    with transaction.atomic():
        stored, _created = StripeEvent.objects.get_or_create(
            event_id=event["id"], defaults={"type": event["type"], "payload": event}
        )
        # A concurrent delivery of the same event waits here, then finds it processed.
        stored = StripeEvent.objects.select_for_update().get(pk=stored.pk)
        if stored.processed_at is not None:
            return stored
        handler = HANDLERS.get(event["type"])
        try:
            with transaction.atomic():
                if handler is not None:
                    handler(event["data"]["object"])
        except Exception as exc:
            stored.attempts += 1
            logger.exception(
                "Stripe event %s (%s) failed, attempt %s",
                stored.event_id,
                stored.type,
                stored.attempts,
            )
            stored.error = f"{type(exc).__name__}: {exc}"
            stored.save(update_fields=["error", "attempts"])
            if not stripe_event_redelivery_wanted(stored):
                logger.error(
                    "Stripe event %s (%s) failed %s times: no more redeliveries asked for; "
                    "process it again from the admin once the cause is fixed",
                    stored.event_id,
                    stored.type,
                    stored.attempts,
                )
            return stored
        stored.processed_at = timezone.now()
        stored.error = ""
        stored.save(update_fields=["processed_at", "error"])
    return stored


def stripe_event_redelivery_wanted(stored: StripeEvent) -> bool:
    """Whether to ask Stripe to deliver the event again (answer with an error): it failed, and
    fewer than STRIPE_WEBHOOK_MAX_ATTEMPTS times."""
    return stored.processed_at is None and stored.attempts < settings.STRIPE_WEBHOOK_MAX_ATTEMPTS


def stripe_event_reprocess(*, stored: StripeEvent) -> StripeEvent:
    """Process a stored event again (staff, from the admin), as a redelivery would: nothing
    happens twice."""
    return stripe_event_handle(event=stored.payload)
