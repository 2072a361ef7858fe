"""Tickets built through the support services, as a shopper would open them."""

from support.models import TicketCategory, TicketChannel, TicketStatus
from support.services import ticket_create, ticket_reply, ticket_set_status
from tests.orders.builders import CUSTOMER_EMAIL
from tests.orders.order_builders import support_agent


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


def answered_ticket(*, reply: str = "Your parcel left on Monday.", solved: bool = False, **fields):
    """A ticket opened with `open_ticket(**fields)` and answered with `reply` by the support
    agent (tests.orders.order_builders.support_agent), who marks it solved when `solved`.
    Returns the ticket and the agent's message."""
    ticket = open_ticket(**fields)
    agent = support_agent()
    message = ticket_reply(ticket=ticket, body=reply, user=agent)
    if solved:
        ticket_set_status(ticket=ticket, status=TicketStatus.SOLVED, user=agent)
    return ticket, message
