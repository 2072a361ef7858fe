"""The order timeline: every change of an order writes one event here."""

from orders.models import Order, OrderEvent


def order_event(
    *,
    order: Order,
    type: OrderEvent.Type,
    user=None,
    message: str = "",
    data: dict | None = None,
    customer_visible: bool = True,
) -> OrderEvent:
    if user is not None and not user.is_authenticated:
        user = None
    return OrderEvent.objects.create(
        order=order,
        # The stored value, not the member: the new event may go straight to a GraphQL payload,
        # whose OrderEventType knows the values only.
        type=OrderEvent.Type(type).value,
        user=user,
        message=message,
        data=data or {},
        customer_visible=customer_visible,
    )
