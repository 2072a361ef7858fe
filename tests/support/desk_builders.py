"""Tickets and people for the tests of the support pages, built through the real services."""

from django.test import Client

from orders.models import Order
from support.models import Ticket
from support.services import ticket_create
from tests.factories import UserFactory
from tests.orders.order_builders import delivered_order, placed_order, support_agent

CUSTOMER_EMAIL = "alice@example.com"  # the email of the orders of tests.orders.builders


def customer(email: str = CUSTOMER_EMAIL):
    return UserFactory(email=email)


def owned(order: Order, user) -> Order:
    """`order` (placed by CUSTOMER_EMAIL) as an order of `user`'s account."""
    Order.objects.filter(pk=order.pk).update(user=user)
    return Order.objects.get(pk=order.pk)


def customer_order(user, *, delivered: bool = False) -> Order:
    return owned(delivered_order() if delivered else placed_order(), user)


def ticket(
    *,
    user=None,
    email: str = CUSTOMER_EMAIL,
    order: Order | None = None,
    subject: str = "Where is my parcel?",
    body: str = "It has not arrived yet.",
    category: str = "delivery",
) -> Ticket:
    return ticket_create(
        subject=subject,
        body=body,
        category=category,
        email=user.email if user else email,
        user=user,
        order=order,
        channel="web",
    )


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def agent_client():
    agent = support_agent()
    return agent, signed_in(agent)
