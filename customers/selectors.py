"""Account reads: the customer's addresses. The account's orders are the orders' to read
(orders.selectors.orders_of_user): customers sits below orders."""

from django.db.models import QuerySet

from customers.models import Address


def addresses_of_user(user) -> QuerySet[Address]:
    if not user.is_authenticated:
        return Address.objects.none()
    return Address.objects.filter(user=user).order_by("id")
