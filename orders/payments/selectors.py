"""Reads of the payment ledger: what payments captured and what was given back.

The one place that sums it. Two kinds of sum, meaning different things:

- `Payment.captured_amount` / `Payment.refunded_amount`, kept on the payment row under its lock.
  `refunded` there counts refunds booked and still pending with the provider (so two refunds
  never reserve the same money) and drops a refund the provider refused. `payment_sums`,
  `payments_sums`, `order_payment_sums` and `orders_with_payment_sums` read these.
- The ledger rows of one `orders.Refund` (PaymentTransaction.refund): `refund_credited_amount`
  and `ledger_refunded_total` count only the refund rows the providers accepted, what the
  refund really gave back.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from orders.models import Order, Payment, PaymentTransaction, Refund

# Plain zero (not 0.00): the sums of no payment read "0" as they always did (GraphQL, emails).
NOTHING = Decimal(0)
CAPTURED_ANNOTATION = "payments_captured_total"
REFUNDED_ANNOTATION = "payments_refunded_total"


@dataclass(frozen=True)
class PaymentSums:
    """What one or more payments took (`captured`) and gave back or are giving back
    (`refunded`: succeeded and pending refunds, not failed ones)."""

    captured: Decimal
    refunded: Decimal

    @property
    def refundable(self) -> Decimal:
        """What may still be refunded: captured and not refunded nor being refunded."""
        return self.captured - self.refunded


def payment_sums(payment: Payment) -> PaymentSums:
    """The sums of one payment, as its row says. Call holding the payment's row lock when the
    answer decides a refund."""
    return PaymentSums(captured=payment.captured_amount, refunded=payment.refunded_amount)


def payments_sums(payments: Iterable[Payment]) -> PaymentSums:
    """The sums over `payments` (a list already locked and read, or a queryset)."""
    captured = refunded = NOTHING
    for payment in payments:
        captured += payment.captured_amount
        refunded += payment.refunded_amount
    return PaymentSums(captured=captured, refunded=refunded)


def order_payment_sums(order: Order, *, from_database: bool = False) -> PaymentSums:
    """The sums over the order's payments, without a query when the order was read with
    `orders_with_payment_sums` or with its `payments` prefetched (lists stay at a fixed number
    of queries).

    `from_database=True` reads the payment rows again whatever was loaded (annotations and
    prefetched rows are as old as the query that read them): for a decision taken after a
    refund may have been booked on this order in the same request.
    """
    if from_database:
        return payments_sums(Payment.objects.filter(order=order))
    if hasattr(order, CAPTURED_ANNOTATION) and hasattr(order, REFUNDED_ANNOTATION):
        return PaymentSums(
            captured=getattr(order, CAPTURED_ANNOTATION),
            refunded=getattr(order, REFUNDED_ANNOTATION),
        )
    return payments_sums(order.payments.all())


def _payments_total(field: str) -> Coalesce:
    total = (
        Payment.objects.filter(order=OuterRef("pk"))
        .order_by()
        .values("order")
        .annotate(total=Sum(field))
        .values("total")
    )
    money = DecimalField(max_digits=12, decimal_places=2)
    return Coalesce(Subquery(total, output_field=money), Value(NOTHING), output_field=money)


def orders_with_payment_sums(queryset: QuerySet[Order]) -> QuerySet[Order]:
    """`queryset` with each order's payment sums in the same query (one subquery per sum, so
    joins elsewhere in the queryset never count a payment twice); `order_payment_sums` reads
    them."""
    return queryset.annotate(
        **{
            CAPTURED_ANNOTATION: _payments_total("captured_amount"),
            REFUNDED_ANNOTATION: _payments_total("refunded_amount"),
        }
    )


def refund_credited_amount(refund: Refund) -> Decimal:
    """What the refund really gave back: its ledger rows that the providers accepted (pending
    and refused rows do not count)."""
    return ledger_refunded_total(
        refund.transactions.filter(status=PaymentTransaction.Status.SUCCESS)
    )


def ledger_refunded_total(rows: Iterable[PaymentTransaction]) -> Decimal:
    """The amount of the refund rows in `rows` that the providers accepted (rows already read,
    or a queryset): pending and refused refunds, and rows of any other kind, do not count."""
    return sum(
        (
            row.amount
            for row in rows
            if row.kind == PaymentTransaction.Kind.REFUND
            and row.status == PaymentTransaction.Status.SUCCESS
        ),
        Decimal("0.00"),
    )
