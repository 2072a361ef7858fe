"""Account reads: the customer's addresses and orders, in a fixed number of queries."""

from django.db.models import QuerySet

from customers.models import Address


def addresses_of_user(user) -> QuerySet[Address]:
    if not user.is_authenticated:
        return Address.objects.none()
    return Address.objects.filter(user=user).order_by("id")


def orders_of_user(user):
    """The customer's orders, newest first: only those attached to the account (guest orders
    with the same email join it once the email is verified)."""
    from orders.models import Order

    if not user.is_authenticated:
        return Order.objects.none()
    return Order.objects.filter(user=user).order_by("-created_at", "-id")
