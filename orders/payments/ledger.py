"""The payment ledger: every money movement of a payment is a PaymentTransaction row, booked
here with the order's event (captured, failed, canceled), and the order's payment status derived
from those rows. Refunds are booked in orders.payments.refunds.

May import: orders' models, events, locks, outbox and the payments' gateways and selectors.
"""

import logging
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import typed_error
from core.money import format_money
from orders.error_codes import OrderErrorCode
from orders.events import order_event
from orders.locks import order_lock
from orders.models import Checkout, Order, OrderEvent, Payment, PaymentTransaction
from orders.models.order import OrderStatus, PaymentStatus
from orders.outbox import (
    OrderEmail,
    invoice_queue,
    order_email_queue,
    payment_failed_email_queue,
)
from orders.payments.base import GatewayError, is_offline
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


def order_mark_paid(
    *,
    order: Order,
    amount: Decimal | None = None,
    reference: str = "",
    paid_at=None,
    user=None,
    idempotency_key: str | None = None,
) -> Order:
    """Staff record money received for an offline order (a bank transfer, cash or a cheque
    collected on delivery): `amount` (default: all that is left to pay; part of it is allowed,
    more is refused), the transfer or receipt `reference`, the day it was `paid_at` (default
    now). It is booked as a capture in the ledger, the payment status moves (fully paid queues
    the invoice, which is emailed with the payment confirmation; a part payment is emailed at
    once, with what is left to pay) and the timeline says who recorded it.

    The same `idempotency_key` twice (a form or a mutation sent twice) books once."""
    with transaction.atomic():
        order = order_lock(order)
        if (
            idempotency_key
            and PaymentTransaction.objects.filter(
                idempotency_key=f"mark-paid-{idempotency_key}"
            ).exists()
        ):
            return order
        if not is_offline(order.gateway) or order.status == OrderStatus.CANCELED:
            raise typed_error(
                _("Only an open order paid by bank transfer or on delivery can be marked paid."),
                OrderErrorCode.INVALID_TRANSITION,
            )
        payment = (
            Payment.objects.select_for_update()
            .filter(order=order, gateway=order.gateway)
            .exclude(status__in=[Payment.Status.CANCELED, Payment.Status.FAILED])
            .order_by("created_at", "id")
            .first()
        )
        left = order.total - order_payment_sums(order, from_database=True).captured
        if amount is None:
            amount = left
        if payment is None or left <= 0:
            raise typed_error(
                _("This order is already paid in full."), OrderErrorCode.INVALID_TRANSITION
            )
        if amount <= 0:
            raise typed_error(
                _("The amount must be positive."), OrderErrorCode.INVALID, field="amount"
            )
        if amount > left:
            raise typed_error(
                _("Only %(left)s is left to pay on this order."),
                OrderErrorCode.OVERPAYMENT,
                field="amount",
                left=format_money(left, order.currency),
            )
        paid_at = paid_at or timezone.now()
        payment.captured_amount += amount
        if payment.captured_amount >= payment.amount:
            payment.status = Payment.Status.SUCCEEDED
        payment.save(update_fields=["status", "captured_amount", "updated_at"])
        PaymentTransaction.objects.create(
            payment=payment,
            kind=PaymentTransaction.Kind.CAPTURE,
            status=PaymentTransaction.Status.SUCCESS,
            amount=amount,
            currency=payment.currency,
            provider_reference=reference[:120],
            idempotency_key=f"mark-paid-{idempotency_key}" if idempotency_key else None,
            occurred_at=paid_at,
            message=_("Recorded by staff"),
        )
        order_event(
            order=order,
            type=OrderEvent.Type.PAYMENT_CAPTURED,
            user=user,
            data={
                "amount": str(amount),
                "gateway": order.gateway,
                "reference": reference,
                "paid_at": paid_at.date().isoformat(),
            },
        )
        order_refresh_payment_status(order)
        if order.payment_status != PaymentStatus.FULLY_CHARGED:
            # Fully paid: the invoice task sends the payment email, with the invoice.
            order_email_queue(order.pk, OrderEmail.PAYMENT_RECEIVED)
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
