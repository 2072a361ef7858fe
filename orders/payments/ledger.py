"""The payment ledger: every money movement of a payment is a PaymentTransaction row, booked
here with the order's event (captured, failed, canceled), and the order's payment status derived
from those rows. Refunds are booked in orders.payments.refunds.

May import: orders' models, events, locks, outbox and the payments' gateways and selectors.
"""

import logging
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import typed_error
from orders.error_codes import OrderErrorCode
from orders.events import order_event
from orders.locks import order_lock
from orders.models import Checkout, Order, OrderEvent, Payment, PaymentTransaction
from orders.models.order import PaymentStatus
from orders.outbox import (
    OrderEmail,
    invoice_queue,
    order_email_queue,
    payment_failed_email_queue,
)
from orders.payments.base import GatewayError, GatewayName
from orders.payments.gateways import get_gateway
from orders.payments.selectors import order_payment_sums
from shop.stock import stock_release

logger = logging.getLogger(__name__)


def ledger_write(payment, kind, status, reference, amount, *, key=None, message="") -> None:
    """One row of the payment's ledger (`key`: its idempotency key, unique when given)."""
    PaymentTransaction.objects.create(
        payment=payment,
        kind=kind,
        status=status,
        amount=amount,
        currency=payment.currency,
        provider_reference=reference or "",
        idempotency_key=key,
        message=message,
    )


def payment_record_capture(
    *,
    payment: Payment,
    order: Order | None,
    amount: Decimal,
    notify_customer: bool = False,
    user=None,
) -> None:
    """Book the money received (call holding the payment row lock). Idempotent.

    `order`: None for a payment no order can be placed for (refunded at once).
    `notify_customer`: email "payment received" on commit, for a payment that comes after the
    order was placed (at placement, the order email says it all)."""
    if payment.status == Payment.Status.SUCCEEDED:
        return
    payment.status = Payment.Status.SUCCEEDED
    payment.captured_amount = amount
    payment.save(update_fields=["status", "captured_amount", "updated_at"])
    ledger_write(
        payment,
        PaymentTransaction.Kind.CAPTURE,
        PaymentTransaction.Status.SUCCESS,
        payment.provider_reference,
        amount,
        key=f"capture-{payment.pk}",
    )
    if order is None:
        return
    order_event(
        order=order,
        type=OrderEvent.Type.PAYMENT_CAPTURED,
        user=user,
        data={"amount": str(amount), "gateway": payment.gateway},
    )
    order_refresh_payment_status(order)
    if notify_customer and order.payment_status != PaymentStatus.FULLY_CHARGED:
        # Fully paid: the invoice task sends this email, with the invoice attached.
        order_email_queue(order.pk, OrderEmail.PAYMENT_RECEIVED)


def order_mark_paid(*, order: Order, user=None) -> Order:
    """Staff record that an offline order was paid (bank transfer, cash on delivery): its
    pending offline payment is captured for the order's total and the shopper is told."""
    with transaction.atomic():
        order = order_lock(order)
        payment = (
            Payment.objects.select_for_update()
            .filter(order=order, gateway=GatewayName.OFFLINE, status=Payment.Status.PENDING)
            .order_by("created_at", "id")
            .first()
        )
        if payment is None:
            raise typed_error(
                _("This order has no unpaid offline payment to mark paid."),
                OrderErrorCode.INVALID_TRANSITION,
            )
        payment_record_capture(
            payment=payment, order=order, amount=order.total, notify_customer=True, user=user
        )
    return order


def payment_failed_by_provider(*, reference: str, message: str) -> Payment | None:
    """A declined payment (webhook): free the stock and tell the shopper."""
    with transaction.atomic():
        payment = Payment.objects.filter(provider_reference=reference).first()
        if payment is None:
            return None
        return payment_fail(payment_id=payment.pk, message=message)


def payment_fail(*, payment_id: int, message: str, notify: bool = True) -> Payment:
    payment = (
        Payment.objects.select_for_update(of=("self",))
        .select_related("checkout")
        .get(pk=payment_id)
    )
    if payment.status != Payment.Status.PENDING:
        return payment
    payment.status = Payment.Status.FAILED
    payment.save(update_fields=["status", "updated_at"])
    ledger_write(
        payment,
        PaymentTransaction.Kind.FAILURE,
        PaymentTransaction.Status.FAILURE,
        payment.provider_reference,
        payment.amount,
        message=message,
    )
    checkout = payment.checkout
    if checkout is not None and checkout.status == Checkout.Status.OPEN:
        stock_release(checkout_token=checkout.token)
        if notify and checkout.email:
            payment_failed_email_queue(payment.pk)
    return payment


def payment_cancel(*, payment_id: int) -> None:
    """Cancel a pending payment with its provider (the checkout changed): it can no longer be
    charged for the old amount."""
    payment = Payment.objects.get(pk=payment_id)
    if payment.status != Payment.Status.PENDING:
        return
    if payment.provider_reference:
        try:
            get_gateway(payment.gateway).cancel_payment(
                reference=payment.provider_reference,
                idempotency_key=f"cancel-{payment.pk}",
            )
        except GatewayError as exc:
            # Already succeeded or gone: the webhook or checkoutComplete sorts it out.
            logger.warning("Could not cancel payment %s: %s", payment.pk, exc.message)
            return
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment_id)
        if payment.status == Payment.Status.PENDING:
            payment.status = Payment.Status.CANCELED
            payment.save(update_fields=["status", "updated_at"])
            ledger_write(
                payment,
                PaymentTransaction.Kind.CANCEL,
                PaymentTransaction.Status.SUCCESS,
                payment.provider_reference,
                payment.amount,
                key=f"cancel-{payment.pk}",
            )


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
    """Save the order's payment status derived from its ledger. The one place it changes: when
    it becomes fully charged (a capture at placement or later, a payment marked received), the
    invoice is queued (orders.outbox.invoice_queue; its task numbers it, so invoice numbers
    follow the order in which orders became paid, and sends the payment email with it)."""
    previous = order.payment_status
    order.payment_status = order_payment_status(order)
    order.save(update_fields=["payment_status", "updated_at"])
    became_paid = previous != PaymentStatus.FULLY_CHARGED
    if became_paid and order.payment_status == PaymentStatus.FULLY_CHARGED:
        invoice_queue(order.pk)
    return order
