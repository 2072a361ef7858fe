"""Placing an order: a paid (or offline) checkout becomes an order, once, whoever asks first."""

import logging
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from orders.checkout.services import checkout_totals
from orders.checkout.vouchers import voucher_use
from orders.events import order_event
from orders.lifecycle.create import order_create
from orders.lifecycle.transitions import order_set_status
from orders.models import Checkout, Order, OrderEvent, Payment
from orders.models.order import OrderStatus
from orders.outbox import OrderEmail, order_email_queue
from orders.payments.ledger import payment_record_capture
from orders.payments.refunds import payment_refund_after_commit
from shop.stock import InsufficientStock, stock_allocate

logger = logging.getLogger(__name__)


def order_place(*, checkout_id: int, payment_id: int, captured_amount: Decimal | None) -> Order:
    """See _order_place; the timeline's messages are written in the shopper's language, whoever
    places the order (their browser, or a webhook with no language)."""
    language = (
        Checkout.objects.filter(pk=checkout_id).values_list("language_code", flat=True).first()
    )
    with translation.override(language or settings.LANGUAGE_CODE):
        return _order_place(
            checkout_id=checkout_id, payment_id=payment_id, captured_amount=captured_amount
        )


def _order_place(*, checkout_id: int, payment_id: int, captured_amount: Decimal | None) -> Order:
    """Turn a checkout into an order, once, whoever asks first (the shopper's browser coming
    back or the payment webhook).

    `captured_amount`: the money received for this payment, as the provider reports it (checked
    by the caller), or None when nothing has been charged (offline gateway).
    In one transaction: lock the checkout row (a second caller waits here, then finds the order),
    record the capture, sell the stock, count the voucher, freeze lines and prices, give the
    number, write the events, and queue the confirmation email for after the commit.

    If the stock was sold meanwhile (an expired reservation), the order is still recorded, as
    canceled with the reason on its timeline, and a captured payment is refunded in full. So is
    a second payment for a checkout that already has its order (paid twice from two tabs).
    """
    with transaction.atomic():
        checkout = (
            Checkout.objects.select_for_update(of=("self",))
            .select_related("shipping_address", "billing_address", "shipping_method", "voucher")
            .get(pk=checkout_id)
        )
        payment = Payment.objects.select_for_update().get(pk=payment_id)
        existing = Order.objects.filter(checkout_token=checkout.token).first()
        if existing is not None:
            if captured_amount is not None and payment.order_id is None:
                _refund_extra_payment(existing, payment, captured_amount)
            return existing
        totals = checkout_totals(checkout)
        order = order_create(
            totals=totals,
            shipping_address=checkout.shipping_address,
            billing_address=checkout.billing_address or checkout.shipping_address,
            shipping_method=checkout.shipping_method,
            checkout_token=checkout.token,
            user=checkout.user,
            email=checkout.email,
            voucher_code=checkout.voucher.code if checkout.voucher else "",
            gateway=payment.gateway,
            language_code=checkout.language_code,
        )
        payment.order = order
        payment.checkout = checkout
        payment.save(update_fields=["order", "checkout", "updated_at"])
        order_event(order=order, type=OrderEvent.Type.PLACED, data={"gateway": payment.gateway})
        captured = captured_amount is not None
        if captured:
            payment_record_capture(payment=payment, order=order, amount=captured_amount)

        checkout.status = Checkout.Status.COMPLETED
        checkout.save(update_fields=["status", "updated_at"])

        if captured and payment.captured_amount != totals.total:
            # Paid for another cart than this one (changed in another tab while paying).
            _cancel_and_refund(
                order,
                payment,
                event_type=OrderEvent.Type.CANCELED,
                message=_("The cart changed while it was being paid for."),
                refund=True,
            )
            order_email_queue(order.pk, OrderEmail.CANCELED)
            return order

        quantities = {line.variant.pk: line.quantity for line in totals.lines}
        try:
            with transaction.atomic():
                stock_allocate(checkout_token=checkout.token, quantities=quantities)
        except InsufficientStock as shortage:
            skus = ", ".join(item.variant.sku for item in shortage.shortages)
            _cancel_and_refund(
                order,
                payment,
                event_type=OrderEvent.Type.OUT_OF_STOCK,
                message=_("The stock ran out before the order could be placed: %(skus)s.")
                % {"skus": skus},
                refund=captured,
            )
            order_email_queue(order.pk, OrderEmail.CANCELED)
            return order

        if checkout.voucher_id:
            # The shopper was charged with the discount: honour it even if the code ran out
            # meanwhile, but count the use.
            voucher_use(voucher_id=checkout.voucher_id, order=order, subtotal=totals.subtotal)

        order_email_queue(order.pk, OrderEmail.PLACED)
    return order


def _refund_extra_payment(order: Order, payment: Payment, amount: Decimal) -> None:
    """A payment that arrived after the checkout's order was placed: book it, give it back."""
    payment.order = order
    payment.save(update_fields=["order", "updated_at"])
    payment_record_capture(payment=payment, order=order, amount=amount)
    message = _("A second payment for this order was refunded.")
    order_event(
        order=order, type=OrderEvent.Type.NOTE_ADDED, message=message, customer_visible=True
    )
    payment_refund_after_commit(
        payment=payment, amount=amount, reason=message, idempotency_key=f"auto-refund-{payment.pk}"
    )


def _cancel_and_refund(order, payment, *, event_type: str, message: str, refund: bool) -> None:
    """Record an order that cannot be fulfilled as canceled, and give a captured payment back."""
    order_event(order=order, type=event_type, message=message)
    order_set_status(
        order=order,
        status=OrderStatus.CANCELED,
        event_type=OrderEvent.Type.CANCELED,
        message=message,
    )
    if refund:
        payment_refund_after_commit(
            payment=payment,
            amount=payment.captured_amount,
            reason=message,
            idempotency_key=f"auto-refund-{payment.pk}",
        )
    logger.warning("Order %s canceled at placement: %s", order.number, message)
