"""Refunds of an order (orders.Refund): checked on the locked order and payment rows, split over
the payments that took the money, booked in the ledger (orders.payments.refunds) and sent to the
providers once the transaction commits. Settled when every ledger row has its answer: then the
credit note is made and the customer gets one email per refund.

Lock order: the order row, then (for a support agent, whose caps count across orders) the
agent's user row, then its payments in id order, then the refund row.
"""

import uuid
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import F, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.errors import typed_error
from core.money import format_money, quantize
from orders.locks import order_lock
from orders.models import (
    Order,
    OrderEvent,
    Payment,
    PaymentTransaction,
    Refund,
    ReturnRequest,
)
from orders.models.returns import ReturnStatus
from orders.outbox import OrderEmail, credit_note_queue, order_email_queue
from orders.payments.refunds import payment_refund_book, payment_refund_execute
from orders.payments.selectors import (
    ledger_refunded_total,
    order_payment_sums,
    payment_sums,
    payments_sums,
)
from orders.returns.transitions import return_set_status

# Two identical refund requests this close together are taken as one (a double click).
DUPLICATE_WINDOW = timedelta(minutes=5)


def refund_check_permission(*, user, amount: Decimal, codes, order: Order | None = None) -> None:
    """Sellers (orders.change_order) refund any amount; support agents (orders.add_refund only)
    up to settings.SUPPORT_AGENT_REFUND_LIMIT per order and SUPPORT_AGENT_REFUND_DAILY_LIMIT per
    day, counting what they already refunded (pending refunds too, failed ones not); others not
    at all. `user` None is the shop itself (a task, a management command).

    With `order`, call holding the order's row lock: the agent's user row is locked next, so
    two refunds by one agent on different orders are counted one after the other.
    """
    if user is None or user.has_perm("orders.change_order"):
        return
    if not user.has_perm("orders.add_refund"):
        raise typed_error(_("You may not refund orders."), codes.PERMISSION_DENIED)
    if order is not None:
        get_user_model().objects.select_for_update().get(pk=user.pk)
    by_agent = Refund.objects.filter(created_by=user).exclude(status=Refund.Status.FAILED)
    limit = settings.SUPPORT_AGENT_REFUND_LIMIT
    on_order = _sum_amounts(by_agent.filter(order=order)) if order is not None else Decimal(0)
    if on_order + amount > limit:
        raise typed_error(
            _(
                "Support agents may refund at most %(limit)s per order (%(left)s left on this "
                "order); ask a seller."
            ),
            codes.REFUND_LIMIT_EXCEEDED,
            field="amount",
            limit=format_money(limit),
            left=format_money(max(limit - on_order, Decimal(0))),
        )
    daily = settings.SUPPORT_AGENT_REFUND_DAILY_LIMIT
    start_of_day = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    today = _sum_amounts(by_agent.filter(created_at__gte=start_of_day))
    if today + amount > daily:
        raise typed_error(
            _(
                "Support agents may refund at most %(limit)s a day (%(left)s left today); "
                "ask a seller."
            ),
            codes.REFUND_LIMIT_EXCEEDED,
            field="amount",
            limit=format_money(daily),
            left=format_money(max(daily - today, Decimal(0))),
        )


def _sum_amounts(refunds) -> Decimal:
    return refunds.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def order_refundable_amount(order: Order) -> Decimal:
    """What is captured and not yet refunded (or being refunded) on the order's payments."""
    return order_payment_sums(order, from_database=True).refundable


def _duplicate(*, order, return_request, amount, reason, user, idempotency_key, codes):
    if idempotency_key:
        existing = Refund.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None and existing.order_id != order.pk:
            raise typed_error(_("This refund key was used for another order."), codes.INVALID)
        return existing
    return (
        Refund.objects.filter(
            order=order,
            return_request=return_request,
            amount=amount,
            reason=reason,
            created_by=user,
            created_at__gte=timezone.now() - DUPLICATE_WINDOW,
        )
        .exclude(status=Refund.Status.FAILED)
        .first()
    )


def refund_create(
    *,
    order: Order,
    amount: Decimal,
    reason: str,
    codes,
    user=None,
    shipping_amount: Decimal = Decimal(0),
    return_request: ReturnRequest | None = None,
    idempotency_key: str | None = None,
) -> Refund:
    """Book a refund of `amount` on the order, split over its payments (oldest first), and send
    it to the providers when the transaction commits.

    Call holding the order's row lock, inside a transaction. `codes` is the error code enum of
    the caller (OrderErrorCode or ReturnErrorCode). Idempotent: the same `idempotency_key`, or
    the same order, return, amount, reason and user within DUPLICATE_WINDOW, returns the first
    Refund and books nothing more.
    """
    if user is not None and not user.is_authenticated:
        user = None
    amount = quantize(amount)
    existing = _duplicate(
        order=order,
        return_request=return_request,
        amount=amount,
        reason=reason,
        user=user,
        idempotency_key=idempotency_key,
        codes=codes,
    )
    if existing is not None:
        return existing
    if amount <= 0:
        raise typed_error(_("The amount must be positive."), codes.INVALID, field="amount")
    refund_check_permission(user=user, amount=amount, codes=codes, order=order)
    payments = list(
        Payment.objects.select_for_update()
        .filter(order=order, captured_amount__gt=F("refunded_amount"))
        .order_by("id")
    )
    left = payments_sums(payments).refundable
    if left <= 0:
        raise typed_error(_("Nothing is left to refund."), codes.NOTHING_TO_REFUND, field="amount")
    if amount > left:
        raise typed_error(
            _("At most %(left)s can still be refunded."),
            codes.REFUND_EXCEEDS_CAPTURED,
            field="amount",
            left=format_money(left, order.currency),
        )
    refund = Refund.objects.create(
        order=order,
        return_request=return_request,
        amount=amount,
        shipping_amount=shipping_amount,
        currency=order.currency,
        reason=reason,
        idempotency_key=idempotency_key or f"refund-{uuid.uuid4()}",
        created_by=user,
    )
    remaining = amount
    booked = []
    for payment in payments:
        if remaining <= 0:
            break
        part = min(remaining, payment_sums(payment).refundable)
        row = payment_refund_book(
            payment=payment,
            amount=part,
            reason=reason,
            idempotency_key=f"{refund.idempotency_key}-{payment.pk}",
        )
        row.refund = refund
        row.save(update_fields=["refund"])
        booked.append(row.pk)
        remaining -= part
    refund_id = refund.pk
    transaction.on_commit(lambda: refund_execute(refund_id=refund_id, transaction_ids=booked))
    return refund


def refund_execute(*, refund_id: int, transaction_ids: list[int]) -> Refund:
    """Send the booked ledger rows of a refund to their providers (outside any lock); each
    answer is recorded by payment_refund_execute; then the refund is settled."""
    for transaction_id in transaction_ids:
        payment_refund_execute(transaction_id=transaction_id)
    return refund_settle(refund_id=refund_id)


def refund_settle(*, refund_id: int) -> Refund:
    """Once no ledger row of the refund is pending: its status (succeeded, failed or partially
    failed), the return's refunded amount, the credit note task and the customer's email.

    Idempotent: it locks the order row, then the refund's, and a refund settled already (by
    another worker, or the retry task) is left as it is.
    """
    with transaction.atomic():
        order_lock(Refund.objects.values_list("order_id", flat=True).get(pk=refund_id))
        return _refund_settle_locked(Refund.objects.select_for_update().get(pk=refund_id))


def _refund_settle_locked(refund: Refund) -> Refund:
    if refund.status != Refund.Status.PENDING:
        return refund
    rows = list(PaymentTransaction.objects.filter(refund=refund).order_by("id"))
    statuses = {row.status for row in rows}
    if PaymentTransaction.Status.PENDING in statuses:
        return refund
    if statuses == {PaymentTransaction.Status.SUCCESS}:
        refund.status = Refund.Status.SUCCEEDED
    elif PaymentTransaction.Status.SUCCESS in statuses:
        refund.status = Refund.Status.PARTIALLY_FAILED
    else:
        refund.status = Refund.Status.FAILED
    refund.save(update_fields=["status"])
    succeeded = ledger_refunded_total(rows)
    if refund.return_request_id:
        ReturnRequest.objects.filter(pk=refund.return_request_id).update(
            refunded_amount=F("refunded_amount") + succeeded
        )
        if refund.status == Refund.Status.FAILED:
            _return_back_to_received(refund)
    if succeeded:
        credit_note_queue(refund.pk)
        first_success = next(r for r in rows if r.status == PaymentTransaction.Status.SUCCESS)
        order_email_queue(refund.order_id, OrderEmail.REFUNDED, refund_id=first_success.pk)
    return refund


def _return_back_to_received(refund: Refund) -> None:
    """Every provider refused: the return waits for another refund (or an exchange)."""
    return_request = ReturnRequest.objects.select_for_update().get(pk=refund.return_request_id)
    if return_request.status == ReturnStatus.REFUNDED:
        order = Order.objects.get(pk=refund.order_id)
        with translation.override(order.language_code):
            return_set_status(
                return_request=return_request,
                status=ReturnStatus.RECEIVED,
                event_type=OrderEvent.Type.STATUS_CHANGED,
                data={"refund_failed": refund.pk},
            )


def refund_book_and_send(**kwargs) -> Refund:
    """refund_create in its own transaction (locking the order row first); when called outside
    any transaction the providers have answered on return, and the refund is read back."""
    with transaction.atomic():
        order = order_lock(kwargs.pop("order"))
        refund = refund_create(order=order, **kwargs)
    if not connection.in_atomic_block:
        refund.refresh_from_db()
    return refund


def refunds_retry_pending(*, older_than: timedelta = timedelta(minutes=10)) -> int:
    """Celery beat: send again the ledger rows of refunds still pending after `older_than` (the
    process died between the booking's commit and the provider's answer). The providers see the
    same idempotency key, so a refund that did go through is not made twice. Returns the count."""
    cutoff = timezone.now() - older_than
    rows = PaymentTransaction.objects.filter(
        kind=PaymentTransaction.Kind.REFUND,
        status=PaymentTransaction.Status.PENDING,
        refund__isnull=False,
        created_at__lt=cutoff,
    ).order_by("id")
    sent = list(rows.values_list("pk", "refund_id"))
    for transaction_id, _refund_id in sent:
        payment_refund_execute(transaction_id=transaction_id)
    # Settle the refunds just sent again, and any whose worker died between the providers'
    # answers and the settling.
    unsettled = Refund.objects.filter(status=Refund.Status.PENDING, created_at__lt=cutoff)
    refund_ids = {refund_id for _pk, refund_id in sent} | set(
        unsettled.values_list("pk", flat=True)
    )
    for refund_id in sorted(refund_ids):
        refund_settle(refund_id=refund_id)
    count = len(sent)
    return count
