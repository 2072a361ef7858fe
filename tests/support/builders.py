"""Tickets built through the support services, as a shopper would open them."""

from support.models import TicketCategory, TicketChannel
from support.services import ticket_create
from tests.orders.builders import CUSTOMER_EMAIL


def open_ticket(
    *,
    user=None,
    email: str | None = None,
    order=None,
    subject: str = "Where is my parcel?",
    body: str = "Hello, I ordered a week ago and nothing arrived.",
    category: str = TicketCategory.DELIVERY,
    channel: str = TicketChannel.WEB,
    **kwargs,
):
    """A ticket opened by `user`, or by the guest `email` (by default CUSTOMER_EMAIL, the email of
    the orders of tests.orders.builders); `kwargs` go to ticket_create as they are."""
    if email is None:
        email = "" if user else CUSTOMER_EMAIL  # "": ticket_create takes the user's email
    return ticket_create(
        subject=subject,
        body=body,
        category=category,
        email=email,
        user=user,
        order=order,
        channel=channel,
        **kwargs,
    )
