"""Canceling an order not shipped yet: stock back on sale, the money refunded, the shopper told."""

from django.db import transaction
from django.utils.translation import gettext as _

from orders.lifecycle.transitions import order_set_status
from orders.locks import order_lock
from orders.models import (
    Order,
    OrderEvent,
    Payment,
)
from orders.models.order import OrderStatus
from orders.outbox import OrderEmail, order_email_queue
from orders.payments.refunds import payment_refund_after_commit
from orders.payments.selectors import payment_sums
from shop.stock import stock_restock


@transaction.atomic
def order_cancel(*, order: Order, user=None, reason: str = "") -> Order:
    """Cancel an order not shipped yet: its stock goes back on sale, what was paid is refunded
    through the gateway that took it, and the customer is told."""
    order = order_lock(order)
    order_set_status(
        order=order,
        status=OrderStatus.CANCELED,
        user=user,
        event_type=OrderEvent.Type.CANCELED,
        message=reason,
    )
    restock: dict[int, int] = {}
    for line in order.lines.filter(variant__isnull=False):
        restock[line.variant_id] = restock.get(line.variant_id, 0) + line.quantity
    stock_restock(quantities=restock)
    for payment in Payment.objects.select_for_update().filter(order=order):
        left = payment_sums(payment).refundable
        if left > 0:
            payment_refund_after_commit(
                payment=payment,
                amount=left,
                reason=reason or _("Order canceled"),
                idempotency_key=f"cancel-refund-{payment.pk}",
            )
    order_email_queue(order.pk, OrderEmail.CANCELED)
    return order
