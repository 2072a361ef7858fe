"""Placed orders, built through the checkout and payment services as a shopper would, for the
tests of the seller operations."""

from decimal import Decimal

from django.contrib.auth.models import Group
from django.test import override_settings

from customers.permissions import SELLERS, SUPPORT_AGENTS, ensure_staff_groups
from orders.models import Order
from orders.payments.services import checkout_complete, payment_start
from tests.factories import UserFactory
from tests.orders.builders import ready_checkout, variant_in_stock


def placed_order(*, quantities=(3, 1), paid: bool = True, gateway: str = "offline") -> Order:
    """An unconfirmed order with one line per quantity (25.00 each unit, stock 10 each), paid
    with the offline gateway (captured when `paid`)."""
    variants = [variant_in_stock(price=Decimal("25.00"), quantity=10) for _ in quantities]
    checkout = ready_checkout(lines=list(zip(variants, quantities, strict=True)))
    with override_settings(OFFLINE_GATEWAY_MARK_PAID=paid):
        payment_start(checkout=checkout, gateway_name=gateway)
        order = checkout_complete(checkout=checkout)
    return Order.objects.get(pk=order.pk)


def _staff(email: str, group: str):
    ensure_staff_groups()
    user = UserFactory(email=email, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def seller():
    """Staff in the Sellers group (orders.change_order), not a superuser."""
    return _staff("seller@example.com", SELLERS)


def support_agent():
    """Staff in the Support agents group: may view orders, not change them."""
    return _staff("agent@example.com", SUPPORT_AGENTS)


def shopper():
    return UserFactory(email="shopper@example.com")
