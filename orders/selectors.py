"""Reads of orders and checkouts that cross relations."""

from django.db.models import Prefetch, QuerySet

from orders.models import Checkout, Order, OrderEvent


def order_for_page() -> QuerySet[Order]:
    """Orders with what the order page shows, in a fixed number of queries."""
    return Order.objects.select_related("shipping_address", "billing_address").prefetch_related(
        "lines",
        "payments",
        Prefetch("events", queryset=OrderEvent.objects.filter(customer_visible=True)),
    )


def checkout_for_user(*, token, user) -> Checkout | None:
    """The checkout with this token if `user` may use it: a guest's checkout is reached by its
    token alone; a customer's only by that customer. Anything else reads as missing."""
    checkout = Checkout.objects.filter(token=token).select_related("user").first()
    if checkout is None:
        return None
    if checkout.user_id is not None and (not user.is_authenticated or user.pk != checkout.user_id):
        return None
    return checkout
