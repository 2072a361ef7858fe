"""Reads of the support desk: who may see which ticket, and which of its messages."""

from django.db.models import QuerySet

from support.models import Ticket, TicketMessage


def is_agent(user) -> bool:
    """An active staff user with support.view_ticket (the Support agents group)."""
    raise NotImplementedError


def tickets_for_user(user) -> QuerySet[Ticket]:
    """Agents: every ticket; customers: their own (customer FK, or their verified email);
    guests: none."""
    raise NotImplementedError


def ticket_for_user(*, token, user) -> Ticket | None:
    """The ticket with `token` if `user` may read it; None for another's, like a missing one."""
    raise NotImplementedError


def ticket_messages_for(ticket: Ticket, user) -> QuerySet[TicketMessage]:
    """The ticket's messages in order, without internal notes unless `user` is an agent."""
    raise NotImplementedError
