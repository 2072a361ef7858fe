"""The order timeline: every change of an order writes one event here."""

from orders.models import Order, OrderEvent


def order_event(
    *,
    order: Order,
    type: str,
    user=None,
    message: str = "",
    data: dict | None = None,
    customer_visible: bool = True,
) -> OrderEvent:
    if user is not None and not user.is_authenticated:
        user = None
    return OrderEvent.objects.create(
        order=order,
        type=type,
        user=user,
        message=message,
        data=data or {},
        customer_visible=customer_visible,
    )
