"""The ticket's row lock, the one way every support service takes it.

Lock order: a support service holds at most one ticket lock at a time, and takes no order lock
while holding it. The agent's actions on an order (support.order_actions) run the order
services, which take the order's locks in the order orders/ documents, and record on the
ticket without locking it.

A service locks a fresh copy of the row inside its transaction, works on that copy, and after
the commit copies its fields onto the instance it was given (`ticket_refresh`), so the caller
sees the result without reading the row again.
"""

from support.models import Ticket


def ticket_lock(ticket_or_pk: Ticket | int) -> Ticket:
    """The ticket, read again with SELECT … FOR UPDATE. Call inside transaction.atomic(); the
    lock is held until that transaction ends."""
    pk = ticket_or_pk.pk if isinstance(ticket_or_pk, Ticket) else ticket_or_pk
    return Ticket.objects.select_for_update().get(pk=pk)


def ticket_refresh(ticket: Ticket, locked: Ticket) -> None:
    """Copy every field of `locked` (the copy a service changed under the lock) onto `ticket`."""
    for field in Ticket._meta.concrete_fields:
        setattr(ticket, field.attname, getattr(locked, field.attname))
