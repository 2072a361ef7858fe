"""An agent's confirmation of the order a requester's number and email suggested.

A requester who typed an order number and its email proved nothing (anyone can read both off a
parcel label or guess them), so support.tickets.ticket_create only records the match as
`Ticket.suggested_order`. An agent, who may read every order, judges it and links it here. The
requester still does not see the order through the ticket (`order_linked_by_requester` stays
False): the agent's judgement is not the requester's credential.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import typed_error
from support.error_codes import TicketErrorCode
from support.locks import ticket_lock
from support.models import Ticket, TicketEvent
from support.selectors import is_agent
from support.tickets import order_ticket_event_record, ticket_event_record


def ticket_order_link_confirm(*, ticket: Ticket, user) -> Ticket:
    """Link the ticket's suggested order (agents only: PERMISSION_DENIED; INVALID when there is
    no suggestion or an order is already linked). Writes an `order_linked` event on the ticket
    and a staff-only `ticket_opened` event on the order. Locks the ticket row."""
    if not is_agent(user):
        raise typed_error(
            _("Only support agents can link an order."), TicketErrorCode.PERMISSION_DENIED
        )
    with transaction.atomic():
        locked = ticket_lock(ticket)
        if locked.suggested_order_id is None or locked.order_id is not None:
            raise typed_error(
                _("This ticket has no suggested order to link."), TicketErrorCode.INVALID
            )
        order = locked.suggested_order
        locked.order = order
        locked.order_linked_by_requester = False
        locked.suggested_order = None
        locked.save(
            update_fields=["order", "order_linked_by_requester", "suggested_order", "updated_at"]
        )
        ticket_event_record(
            ticket=locked,
            type=TicketEvent.Type.ORDER_LINKED,
            user=user,
            message=order.number,
            data={"order": order.number},
        )
        order_ticket_event_record(order=order, ticket=locked, user=user)
    ticket.order_id = locked.order_id
    ticket.order_linked_by_requester = False
    ticket.suggested_order_id = None
    return ticket
