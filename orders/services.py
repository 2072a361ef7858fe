"""Placing orders. Every change of an order's state goes through a function here or in the
modules it names, and writes an event (orders.events.order_event)."""

import logging
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core.sequences import number_next
from orders.checkout import checkout_totals
from orders.events import order_event
from orders.models import Checkout, Order, OrderEvent, OrderLine, Payment
from orders.models.order import OrderStatus, PaymentStatus
from orders.payments.selectors import order_payment_sums
from orders.vouchers import voucher_use
from shop.stock import InsufficientStock, stock_allocate

logger = logging.getLogger(__name__)


# The key of the order numbers' yearly counter in core.sequences (see the orders
# migration number_sequences_into_core).
ORDER_NUMBER_SEQUENCE = "order"


def order_number_next() -> str:
    """The next order number of the year, `2026-000123` (no prefix), without gaps.

    Call inside a transaction (see core.sequences.number_next): a rolled-back order gives its
    number back.
    """
    return number_next(key=ORDER_NUMBER_SEQUENCE)


def address_copy(address):
    """A saved copy of `address` (or None) for an order to keep: later edits of the shopper's
    address book or checkout never change it."""
    if address is None:
        return None
    copy = address.copy()
    copy.save()
    return copy


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
    from orders.payments.services import payment_record_capture
    from orders.tasks import send_order_email

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
        order = Order.objects.create(
            number=order_number_next(),
            checkout_token=checkout.token,
            user=checkout.user,
            email=checkout.email,
            shipping_address=address_copy(checkout.shipping_address),
            billing_address=address_copy(checkout.billing_address or checkout.shipping_address),
            shipping_method=checkout.shipping_method,
            shipping_method_name=checkout.shipping_method.name if checkout.shipping_method else "",
            voucher_code=checkout.voucher.code if checkout.voucher else "",
            currency=totals.currency,
            subtotal=totals.subtotal,
            discount=totals.discount,
            shipping_price=totals.shipping,
            vat=totals.vat,
            total=totals.total,
            gateway=payment.gateway,
            language_code=checkout.language_code,
        )
        OrderLine.objects.bulk_create(
            OrderLine(
                order=order,
                variant=line.variant,
                product_name=line.variant.product.name,
                variant_name=line.variant.name,
                sku=line.variant.sku,
                quantity=line.quantity,
                unit_price=line.unit_price,
                vat_rate=line.vat_rate,
                total=line.total,
                is_returnable=line.variant.product.is_returnable,
            )
            for line in totals.lines
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
            transaction.on_commit(lambda: send_order_email.delay(order.pk, "canceled"))
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
            transaction.on_commit(lambda: send_order_email.delay(order.pk, "canceled"))
            return order

        if checkout.voucher_id:
            # The shopper was charged with the discount: honour it even if the code ran out
            # meanwhile, but count the use.
            voucher_use(voucher_id=checkout.voucher_id, order=order, subtotal=totals.subtotal)

        transaction.on_commit(lambda: send_order_email.delay(order.pk, "placed"))
    return order


def _refund_extra_payment(order: Order, payment: Payment, amount: Decimal) -> None:
    """A payment that arrived after the checkout's order was placed: book it, give it back."""
    from orders.payments.refunds import payment_refund_after_commit
    from orders.payments.services import payment_record_capture

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
    from orders.payments.refunds import payment_refund_after_commit

    order_event(order=order, type=event_type, message=message)
    order.status = OrderStatus.CANCELED
    order.save(update_fields=["status", "updated_at"])
    order_event(order=order, type=OrderEvent.Type.CANCELED, message=message)
    if refund:
        payment_refund_after_commit(
            payment=payment,
            amount=payment.captured_amount,
            reason=message,
            idempotency_key=f"auto-refund-{payment.pk}",
        )
    logger.warning("Order %s canceled at placement: %s", order.number, message)


def order_payment_status(order: Order) -> str:
    """The order's payment status, derived from its payments' captured and refunded sums."""
    sums = order_payment_sums(order)
    captured, refunded = sums.captured, sums.refunded
    if refunded and refunded >= captured:
        return PaymentStatus.FULLY_REFUNDED
    if refunded:
        return PaymentStatus.PARTIALLY_REFUNDED
    if captured >= order.total and captured:
        return PaymentStatus.FULLY_CHARGED
    if captured:
        return PaymentStatus.PARTIALLY_CHARGED
    return PaymentStatus.NOT_CHARGED


def order_refresh_payment_status(order: Order) -> Order:
    order.payment_status = order_payment_status(order)
    order.save(update_fields=["payment_status", "updated_at"])
    return order
