"""Reads for returns: what may still be returned, and what a return refunds.

`order_line_paid` is the one place that says what a line was paid after the order discount; the
refund amounts, the credit note and the forms all use it (core.money.quantize rounds).
"""

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.money import quantize
from orders.models import (
    Fulfillment,
    FulfillmentLine,
    Order,
    OrderLine,
    Refund,
    ReturnLine,
    ReturnRequest,
)
from orders.models.returns import ReturnStatus
from orders.payments.selectors import order_payment_sums
from orders.pricing import amount_shares

ZERO = Decimal("0.00")
# Returns still holding quantities of their lines (not received, not refused).
OPEN_STATUSES = (ReturnStatus.REQUESTED, ReturnStatus.APPROVED)


def order_line_paid(order: Order, lines: list[OrderLine]) -> dict[int, Decimal]:
    """What each line was paid: its total minus its share of the order discount, shared out by
    amount over the lines in id order with the rounding remainder on the last one
    (orders.pricing.amount_shares, as calculate_totals does). `lines`: all the order's lines."""
    lines = sorted(lines, key=lambda line: line.pk)
    shares = amount_shares(order.discount, [line.total for line in lines])
    return {line.pk: line.total - share for line, share in zip(lines, shares, strict=True)}


def units_amount(paid: Decimal, line_quantity: int, before: int, quantity: int) -> Decimal:
    """The part of a line's `paid` amount for `quantity` more units once `before` were refunded:
    the differences of rounded cumulative shares, so all units together make exactly `paid`."""
    return quantize(paid * (before + quantity) / line_quantity) - quantize(
        paid * before / line_quantity
    )


def delivered_quantities(order: Order) -> dict[int, tuple[int, int]]:
    """{order line id: (quantity delivered, quantity delivered within the return window)}."""
    since = timezone.now() - timedelta(days=settings.SHOP_RETURN_WINDOW_DAYS)
    result: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    rows = FulfillmentLine.objects.filter(
        fulfillment__order=order, fulfillment__status=Fulfillment.Status.DELIVERED
    ).values_list("order_line_id", "quantity", "fulfillment__delivered_at")
    for line_id, quantity, delivered_at in rows:
        result[line_id][0] += quantity
        if delivered_at is not None and delivered_at >= since:
            result[line_id][1] += quantity
    return {line_id: (total, recent) for line_id, (total, recent) in result.items()}


def requested_quantities(order: Order, exclude_return: ReturnRequest | None = None) -> dict:
    """{order line id: quantity held by the order's open returns}."""
    rows = ReturnLine.objects.filter(
        order_line__order=order, return_request__status__in=OPEN_STATUSES
    )
    if exclude_return is not None:
        rows = rows.exclude(return_request=exclude_return)
    totals = rows.values("order_line_id").annotate(total=Sum("quantity")).order_by()
    return {row["order_line_id"]: row["total"] for row in totals}


def order_returnable_lines(order: Order) -> list[tuple[OrderLine, int, str]]:
    """Each line of the order with the quantity the customer may still ask to return and, when
    that is 0, why (a translated sentence; "" otherwise). Three queries whatever the size."""
    delivered = delivered_quantities(order)
    requested = requested_quantities(order)
    result = []
    for line in order.lines.all():
        total, recent = delivered.get(line.pk, (0, 0))
        left = total - line.quantity_returned - requested.get(line.pk, 0)
        quantity = max(0, min(left, recent))
        reason = ""
        if not line.is_returnable:
            quantity, reason = 0, _("This product cannot be returned.")
        elif total == 0:
            reason = _("Not delivered yet.")
        elif left <= 0:
            reason = _("Already returned or in a return.")
        elif recent == 0:
            reason = _("The %(days)s-day return period is over.") % {
                "days": settings.SHOP_RETURN_WINDOW_DAYS
            }
        result.append((line, quantity, reason))
    return result


def _refunded_units(return_request: ReturnRequest) -> dict[int, int]:
    """{order line id: units refunded by the order's other returns}."""
    rows = (
        ReturnLine.objects.filter(
            order_line__order_id=return_request.order_id,
            return_request__refunds__status__in=(
                Refund.Status.SUCCEEDED,
                Refund.Status.PENDING,
                Refund.Status.PARTIALLY_FAILED,
            ),
        )
        .exclude(return_request=return_request)
        .values("order_line_id", "return_request_id", "quantity")
        .distinct()
    )
    units: dict[int, int] = defaultdict(int)
    for row in rows:
        units[row["order_line_id"]] += row["quantity"]
    return units


def shipping_refunded(order: Order) -> bool:
    return (
        Refund.objects.filter(order=order, shipping_amount__gt=0)
        .exclude(status=Refund.Status.FAILED)
        .exists()
    )


def return_lines_amounts(return_request: ReturnRequest) -> list[tuple[ReturnLine, Decimal]]:
    """Each line of the return with what it refunds (at the price paid, after discount)."""
    order = return_request.order
    order_lines = list(order.lines.all())
    paid = order_line_paid(order, order_lines)
    before = _refunded_units(return_request)
    result = []
    for line in return_request.lines.select_related("order_line").order_by("id"):
        order_line = line.order_line
        amount = units_amount(
            paid[order_line.pk], order_line.quantity, before.get(order_line.pk, 0), line.quantity
        )
        result.append((line, amount))
    return result


def return_refund_parts(
    return_request: ReturnRequest, include_shipping: bool
) -> tuple[Decimal, Decimal]:
    """(lines amount, shipping amount) that refunding the return would give back; shipping only
    once per order."""
    lines = sum((amount for _line, amount in return_lines_amounts(return_request)), ZERO)
    shipping = ZERO
    order = return_request.order
    if include_shipping and order.shipping_price > 0 and not shipping_refunded(order):
        shipping = order.shipping_price
    return lines, shipping


def return_refund_amount(return_request: ReturnRequest, include_shipping: bool) -> Decimal:
    """What return_request_refund would refund now: the lines at the price paid minus their
    share of the order discount, plus the order's shipping if asked and not refunded before;
    never more than is left of what was captured."""
    lines, shipping = return_refund_parts(return_request, include_shipping)
    return min(
        lines + shipping, order_payment_sums(return_request.order, from_database=True).refundable
    )
