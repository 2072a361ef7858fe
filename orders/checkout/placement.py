"""Placing an order: a paid (or offline) checkout becomes an order, once, whoever asks first.

The order is built from the payment's snapshot (orders.checkout.snapshot): the prices, discount
and shipping the shopper paid for, frozen when the payment started. Once money is captured, no
later change refuses it: a price edited, a voucher used up or expired meanwhile are honoured and
written on the timeline for the seller; only what cannot be delivered as paid (the cart changed
after paying, the stock sold, a second payment) is canceled or refunded, and explained.
"""

import logging
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core.errors import typed_error
from core.money import format_money
from orders.checkout.services import checkout_totals
from orders.checkout.snapshot import (
    PaidCheckout,
    checkout_changes,
    checkout_snapshot,
    paid_terms_changes,
    snapshot_read,
    voucher_honoured,
)
from orders.checkout.vouchers import voucher_use
from orders.error_codes import CheckoutErrorCode
from orders.events import order_event
from orders.lifecycle.create import order_create
from orders.lifecycle.transitions import order_set_status
from orders.models import Checkout, Order, OrderEvent, Payment, Voucher
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
    then the payment's; build the order from the payment's snapshot, sell the stock, count the
    voucher, write the events, queue the email for after the commit, then record the capture
    (which queues the invoice: its email follows the order's).

    Paid, the order is never refused: a voucher used up or expired, a price or shipping price
    changed since the payment started are honoured (an "honoured as paid" event each, for the
    seller). It is recorded as canceled, with the reason on its timeline and in the email, and
    the payment refunded in full, when the stock was sold meanwhile (an expired reservation) or
    the shopper changed the cart after paying; a second payment for a checkout that already has
    its order (paid twice from two tabs) is refunded. Not paid (offline), a changed cart or a
    voucher no longer valid refuse the order as before: the shopper is there to start again.
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
        # A payment started before snapshots were kept is for the checkout as it is now.
        snapshot = payment.snapshot or checkout_snapshot(
            checkout=checkout, totals=checkout_totals(checkout)
        )
        paid = snapshot_read(snapshot)
        captured = captured_amount is not None
        changed = checkout_changes(paid, checkout)
        if changed is not None and not captured:
            raise typed_error(
                _("Your cart changed after the payment started: confirm the payment again."),
                CheckoutErrorCode.PAYMENT_PENDING,
                field="id",
            )
        same_method = checkout.shipping_method_id == paid.shipping_method_id
        order = order_create(
            totals=paid.totals,
            shipping_address=checkout.shipping_address,
            billing_address=checkout.billing_address or checkout.shipping_address,
            shipping_method=checkout.shipping_method if same_method else None,
            shipping_method_name=paid.shipping_method_name,
            checkout_token=checkout.token,
            user=checkout.user,
            email=checkout.email,
            voucher_code=paid.voucher_code,
            gateway=payment.gateway,
            language_code=checkout.language_code,
            terms_revision_id=checkout.terms_revision_id,
        )
        payment.order = order
        payment.checkout = checkout
        payment.save(update_fields=["order", "checkout", "updated_at"])
        order_event(order=order, type=OrderEvent.Type.PLACED, data={"gateway": payment.gateway})

        def book_capture():
            # Booked where the outcome is known: refunded at once, or (a placed order) once its
            # email is queued, so the invoice this queues is emailed after it.
            if captured:
                payment_record_capture(payment=payment, order=order, amount=captured_amount)

        checkout.status = Checkout.Status.COMPLETED
        checkout.save(update_fields=["status", "updated_at"])

        if captured and changed is not None:
            # Paid for another cart than this one (changed in another tab while paying): which
            # one the shopper wants is theirs to say.
            book_capture()
            _cancel_and_refund(
                order,
                payment,
                message=_(
                    "Your cart changed while your payment was going through: you paid for "
                    "%(paid)s, the cart then held %(cart)s. The order is canceled and your "
                    "payment refunded in full; you are welcome to order again."
                )
                % changed,
                data=changed,
            )
            return order
        if captured and captured_amount != paid.totals.total:
            book_capture()
            _cancel_and_refund(
                order,
                payment,
                message=_(
                    "The amount received (%(received)s) is not the order's total (%(total)s): "
                    "the order is canceled and the payment refunded in full."
                )
                % {
                    "received": format_money(payment.captured_amount, payment.currency),
                    "total": format_money(paid.totals.total, paid.totals.currency),
                },
            )
            return order

        quantities = {line.variant.pk: line.quantity for line in paid.totals.lines}
        try:
            with transaction.atomic():
                stock_allocate(checkout_token=checkout.token, quantities=quantities)
        except InsufficientStock as shortage:
            skus = ", ".join(item.variant.sku for item in shortage.shortages)
            book_capture()
            _cancel_and_refund(
                order,
                payment,
                message=_("The stock ran out before the order could be placed: %(skus)s.")
                % {"skus": skus},
                reason=OrderEvent.Type.OUT_OF_STOCK,
                refund=captured,
            )
            return order

        _use_voucher(order, paid, honour=captured)
        for change in paid_terms_changes(paid, checkout):
            _honoured_event(order, change)
        order_email_queue(order.pk, OrderEmail.PLACED)
        book_capture()
    return order


def _use_voucher(order: Order, paid: PaidCheckout, *, honour: bool) -> None:
    """Count the use of the voucher paid with, if it still exists (its deletion is one of the
    paid_terms_changes); a rule it broke meanwhile is honoured when the order is paid."""
    if paid.voucher_id is None or not Voucher.objects.filter(pk=paid.voucher_id).exists():
        return
    refusal = voucher_use(
        voucher_id=paid.voucher_id, order=order, subtotal=paid.totals.subtotal, honour=honour
    )
    if refusal is not None:
        _honoured_event(order, voucher_honoured(refusal, paid.voucher_code))


def _honoured_event(order: Order, change) -> None:
    """For the seller: what changed since the payment started, and that the order kept what
    was paid."""
    order_event(
        order=order,
        type=OrderEvent.Type.HONOURED_AS_PAID,
        message=change.message,
        data={"kind": str(change.kind), **change.data},
        customer_visible=False,
    )
    logger.info("Order %s honoured as paid: %s", order.number, change.message)


def _refund_extra_payment(order: Order, payment: Payment, amount: Decimal) -> None:
    """A payment that arrived after the checkout's order was placed: book it, give it back."""
    payment.order = order
    payment.save(update_fields=["order", "updated_at"])
    payment_record_capture(payment=payment, order=order, amount=amount)
    message = _(
        "This order was paid twice (a second payment for the same cart, from another tab or "
        "device): the second payment, %(amount)s, is refunded in full."
    ) % {"amount": format_money(amount, payment.currency)}
    order_event(
        order=order, type=OrderEvent.Type.NOTE_ADDED, message=message, customer_visible=True
    )
    payment_refund_after_commit(
        payment=payment, amount=amount, reason=message, idempotency_key=f"auto-refund-{payment.pk}"
    )


def _cancel_and_refund(
    order: Order,
    payment: Payment,
    *,
    message: str,
    reason: OrderEvent.Type | None = None,
    refund: bool = True,
    data: dict | None = None,
) -> None:
    """Record an order that cannot be fulfilled as canceled, give a captured payment back, and
    email the shopper why. The explanation is written once (the email shows it): on the
    `reason` event when there is one, else on the cancellation itself."""
    if reason is not None:
        order_event(order=order, type=reason, message=message, data=data)
    order_set_status(
        order=order,
        status=OrderStatus.CANCELED,
        event_type=OrderEvent.Type.CANCELED,
        message="" if reason is not None else message,
        data=data,
    )
    if refund:
        payment_refund_after_commit(
            payment=payment,
            amount=payment.captured_amount,
            reason=message,
            idempotency_key=f"auto-refund-{payment.pk}",
        )
    order_email_queue(order.pk, OrderEmail.CANCELED)
    logger.warning("Order %s canceled at placement: %s", order.number, message)
