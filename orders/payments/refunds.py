"""Refunds: booked against what was captured on the locked payment row, then sent to the
gateway that took the money, outside any lock. The ledger row is the truth (LESSONS.md)."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import typed_error
from orders.error_codes import OrderErrorCode
from orders.events import order_event
from orders.locks import order_lock
from orders.models import Invoice, Order, OrderEvent, Payment, PaymentTransaction, Refund
from orders.models.order import OrderStatus
from orders.outbox import OrderEmail, credit_note_queue, order_email_queue
from orders.payments.base import GatewayError, ProviderStatus, is_offline
from orders.payments.gateways import get_gateway
from orders.payments.ledger import order_refresh_payment_status
from orders.payments.selectors import payment_sums


def payment_refund_after_commit(
    *, payment: Payment, amount: Decimal, reason: str, idempotency_key: str
) -> PaymentTransaction:
    """Book a refund now (holding the payment row lock) and send it to the provider once the
    transaction commits. A second call with the same key books nothing more."""
    refund = payment_refund_book(
        payment=payment, amount=amount, reason=reason, idempotency_key=idempotency_key
    )
    transaction.on_commit(lambda: payment_refund_execute(transaction_id=refund.pk))
    return refund


def payment_refund_book(
    *, payment: Payment, amount: Decimal, reason: str, idempotency_key: str
) -> PaymentTransaction:
    """Reserve `amount` of the captured money for a refund. Call holding the payment row lock
    (select_for_update). Never more than captured minus already refunded or being refunded."""
    existing = PaymentTransaction.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    if amount <= 0:
        raise typed_error(_("The amount must be positive."), OrderErrorCode.INVALID, field="amount")
    left = payment_sums(payment).refundable
    if amount > left:
        raise typed_error(
            _("At most %(left)s can still be refunded."),
            OrderErrorCode.REFUND_EXCEEDS_CAPTURED,
            field="amount",
            left=left,
        )
    payment.refunded_amount += amount
    payment.save(update_fields=["refunded_amount", "updated_at"])
    refund = PaymentTransaction.objects.create(
        payment=payment,
        kind=PaymentTransaction.Kind.REFUND,
        status=PaymentTransaction.Status.PENDING,
        amount=amount,
        currency=payment.currency,
        idempotency_key=idempotency_key,
        message=reason,
    )
    return refund


def payment_refund_execute(*, transaction_id: int) -> PaymentTransaction:
    """Send a booked refund to the provider (outside any lock) and record its answer; a failed
    refund gives the amount back to what may be refunded, and is on the order's timeline."""
    refund = PaymentTransaction.objects.select_related("payment__order").get(pk=transaction_id)
    if refund.status != PaymentTransaction.Status.PENDING:
        return refund
    payment = refund.payment
    try:
        result = get_gateway(payment.gateway).refund(
            reference=payment.provider_reference,
            amount=refund.amount,
            currency=payment.currency,
            idempotency_key=refund.idempotency_key,
            reason=refund.message,
        )
        status, reference, message = result.status, result.reference, ""
    except GatewayError as exc:
        status, reference, message = ProviderStatus.FAILED, "", exc.message
    if is_offline(payment.gateway) and status != ProviderStatus.FAILED:
        # Money taken offline goes back by bank transfer, under the reference staff gave or
        # else the order number.
        order_number = payment.order.number if payment.order_id else ""
        reference = refund.provider_reference or order_number
        message = _("Paid back by bank transfer, reference %(reference)s.") % {
            "reference": reference
        }
    with transaction.atomic():
        # The order row first, then the payment: the order every refund service locks in, so
        # this never deadlocks with a refund being booked on the same order.
        if payment.order_id:
            order_lock(payment.order_id)
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        refund = PaymentTransaction.objects.select_for_update().get(pk=transaction_id)
        if refund.status != PaymentTransaction.Status.PENDING:
            return refund
        refund.status = (
            PaymentTransaction.Status.FAILURE
            if status == ProviderStatus.FAILED
            else PaymentTransaction.Status.SUCCESS
        )
        refund.provider_reference = reference
        refund.message = "\n".join(filter(None, [refund.message, message]))
        refund.save(update_fields=["status", "provider_reference", "message"])
        if refund.status == PaymentTransaction.Status.FAILURE:
            payment.refunded_amount -= refund.amount
            payment.save(update_fields=["refunded_amount", "updated_at"])
        if payment.order_id:
            order = Order.objects.get(pk=payment.order_id)
            order_event(
                order=order,
                type=OrderEvent.Type.REFUNDED
                if refund.status == PaymentTransaction.Status.SUCCESS
                else OrderEvent.Type.REFUND_FAILED,
                message=refund.message,
                data={"amount": str(refund.amount), "status": refund.status},
            )
            order_refresh_payment_status(order)
            _cancel_refund_credit_note(order, refund)
            # A row of an orders.Refund is settled, with one email and one credit note for
            # all its rows, by orders.returns.refunds.refund_execute once every row has its
            # answer. A canceled order's email already says its payment is refunded.
            if (
                refund.refund_id is None
                and refund.status == PaymentTransaction.Status.SUCCESS
                and order.status != OrderStatus.CANCELED
            ):
                order_email_queue(order.pk, OrderEmail.REFUNDED, refund_id=refund.pk)
    return refund


def _cancel_refund_credit_note(order: Order, row: PaymentTransaction) -> None:
    """A canceled order's money given back (order_cancel books one ledger row per payment,
    with no orders.Refund) settles here: if the order was invoiced, the row gets its
    orders.Refund, already succeeded, and its credit note is queued (it cancels the invoice,
    whose number it shows). An order never invoiced (never fully paid) gets none. Call holding
    the order's row lock."""
    if (
        row.refund_id is not None
        or row.status != PaymentTransaction.Status.SUCCESS
        or order.status != OrderStatus.CANCELED
        or not Invoice.objects.filter(order=order).exists()
    ):
        return
    credit = Refund.objects.create(
        order=order,
        amount=row.amount,
        currency=row.currency,
        reason=row.message[:500],
        status=Refund.Status.SUCCEEDED,
        idempotency_key=f"credit-{row.idempotency_key or row.pk}"[:120],
    )
    row.refund = credit
    row.save(update_fields=["refund"])
    credit_note_queue(credit.pk)
