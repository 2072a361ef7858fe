"""The order's row lock: every service that changes an order, its lines, payments, parcels or
returns takes it first, so they run one after the other and never deadlock (LESSONS.md)."""

from orders.models import Order


def order_lock(order: Order | int) -> Order:
    """The order (an Order or its id) read again under SELECT … FOR UPDATE. Call inside a
    transaction: the lock is held until it commits."""
    return Order.objects.select_for_update().get(pk=getattr(order, "pk", order))
