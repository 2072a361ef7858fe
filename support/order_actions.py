"""Acting on a ticket's order from the agent's ticket page, through the order services.

Support agents may view orders but not change them (no orders.change_order): this module is the
one door through which an agent resends the confirmation, creates a return, refunds (the order
service enforces the agents' per-order and daily refund caps) or cancels an unshipped order of a
ticket they work on. The rules stay in the order services; here we check that the user is an agent,
that the ticket has an order, call the service, and record the action on both timelines: a
TicketEvent on the ticket and a staff-only `ticket_action` OrderEvent on the order.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core.errors import typed_error
from core.money import format_money
from orders.lifecycle.cancel import order_cancel
from orders.models import Order
from orders.outbox import order_email_queue
from orders.returns.services import order_refund, return_request_create
from support.error_codes import TicketErrorCode
from support.models import Ticket
from support.selectors import is_agent
from support.services import ticket_order_action_record

RESEND_CONFIRMATION = "resend_confirmation"
CREATE_RETURN = "create_return"
REFUND = "refund"
CANCEL = "cancel"
ACTIONS = (RESEND_CONFIRMATION, CREATE_RETURN, REFUND, CANCEL)

# The order email that confirms the order to the shopper (orders.outbox.OrderEmail).
CONFIRMATION_EMAIL = "placed"


def _resend_confirmation(*, order: Order, user, **params):
    order_email_queue(order.pk, CONFIRMATION_EMAIL, user_id=user.pk)
    return None, _("Order confirmation sent again"), {}


def _create_return(*, order: Order, user, lines, comment: str = "", **params):
    if not user.has_perm("orders.add_returnrequest"):
        raise typed_error(_("You may not create returns."), TicketErrorCode.PERMISSION_DENIED)
    return_request = return_request_create(order=order, lines=lines, comment=comment, user=user)
    message = _("Return %(number)s created") % {"number": return_request.number}
    return return_request, message, {"return": return_request.number}


def _refund(*, order: Order, user, amount, reason: str, idempotency_key=None, **params):
    refund = order_refund(
        order=order,
        amount=Decimal(amount),
        reason=reason,
        user=user,
        idempotency_key=idempotency_key,
    )
    message = _("Refund of %(amount)s: %(reason)s") % {
        "amount": format_money(refund.amount),
        "reason": refund.reason,
    }
    return refund, message, {"refund": refund.pk, "amount": str(refund.amount)}


def _cancel(*, order: Order, user, reason: str = "", **params):
    order = order_cancel(order=order, user=user, reason=reason)
    message = _("Order canceled") + (f": {reason}" if reason else "")
    return order, message, {}


_HANDLERS = {
    RESEND_CONFIRMATION: _resend_confirmation,
    CREATE_RETURN: _create_return,
    REFUND: _refund,
    CANCEL: _cancel,
}


@transaction.atomic
def ticket_order_action(*, ticket: Ticket, action: str, user, **params):
    """Do `action` (one of ACTIONS) on the ticket's order as `user`, and record it on the
    ticket (TicketEvent ORDER_ACTION) and on the order (OrderEvent `ticket_action`, staff-only).

    Params: create_return → `lines` (orders.returns line specs), `comment`; refund → `amount`,
    `reason`, `idempotency_key`; cancel → `reason`. Returns what the order service returned
    (the ReturnRequest, the Refund, the canceled Order, or None for the resend).

    Refused (nothing written): TicketErrorCode PERMISSION_DENIED (not a support agent, or an
    agent without the permission the action needs), INVALID (unknown action), NOT_FOUND (the
    ticket has no order); otherwise whatever the order service refuses, with its own codes
    (e.g. OrderErrorCode.REFUND_LIMIT_EXCEEDED, INVALID_TRANSITION for a shipped order).
    """
    if not is_agent(user):
        raise typed_error(
            _("Only support agents may act on orders."), TicketErrorCode.PERMISSION_DENIED
        )
    handler = _HANDLERS.get(action)
    if handler is None:
        raise typed_error(_("Unknown action."), TicketErrorCode.INVALID)
    if ticket.order_id is None:
        raise typed_error(_("This ticket is not about an order."), TicketErrorCode.NOT_FOUND)
    order = Order.objects.get(pk=ticket.order_id)
    with translation.override(order.language_code or None):
        result, message, data = handler(order=order, user=user, **params)
    ticket_order_action_record(ticket=ticket, user=user, action=action, message=message, data=data)
    return result
