"""Tickets built through the support services, as a shopper would open them."""

from support.models import TicketCategory
from support.services import ticket_create


def open_ticket(*, user=None, email="", order=None, subject="Where is my parcel?", **kwargs):
    return ticket_create(
        subject=subject,
        body=kwargs.pop("body", "Hello, I ordered a week ago and nothing arrived."),
        category=kwargs.pop("category", TicketCategory.DELIVERY),
        email=email,
        user=user,
        order=order,
        channel=kwargs.pop("channel", "web"),
        **kwargs,
    )
