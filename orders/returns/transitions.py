"""The return's lifecycle: one table of allowed moves and the one function that makes them."""

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.errors import typed_error
from orders.error_codes import ReturnErrorCode
from orders.events import order_event
from orders.locks import order_lock
from orders.models import (
    Order,
    OrderEvent,
    ReturnRequest,
)
from orders.models.returns import ReturnStatus
from orders.outbox import ReturnEmail, return_email_queue

# The key of the return numbers' yearly counter in core.sequences (a stored value).
RETURN_NUMBER_SEQUENCE = "return"


R = ReturnStatus


TRANSITIONS: dict[str, set[str]] = {
    R.REQUESTED: {R.APPROVED, R.REJECTED, R.CLOSED},
    R.APPROVED: {R.RECEIVED, R.CLOSED},
    R.REJECTED: {R.CLOSED},
    R.RECEIVED: {R.REFUNDED, R.CLOSED},
    # Back to received only when every provider refused the refund (orders.returns.refunds).
    R.REFUNDED: {R.CLOSED, R.RECEIVED},
    R.CLOSED: set(),
}


# The event each status writes on the order's timeline, unless the caller names another.
_EVENTS = {
    R.APPROVED: OrderEvent.Type.RETURN_APPROVED,
    R.REJECTED: OrderEvent.Type.RETURN_REJECTED,
    R.RECEIVED: OrderEvent.Type.RETURN_RECEIVED,
    R.CLOSED: OrderEvent.Type.RETURN_CLOSED,
}
# The date each status stamps on the return.
_STAMPS = {
    R.APPROVED: "decided_at",
    R.REJECTED: "decided_at",
    R.RECEIVED: "received_at",
    R.CLOSED: "closed_at",
}


def return_lock(return_request: ReturnRequest) -> tuple[Order, ReturnRequest]:
    """Lock the order row, then the return's: the order first, like every order service."""
    order = order_lock(return_request.order_id)
    locked = ReturnRequest.objects.select_for_update().get(pk=return_request.pk)
    locked.order = order
    return order, locked


def return_set_status(
    *,
    return_request: ReturnRequest,
    status: str,
    user=None,
    event_type: str | None = None,
    email_kind: ReturnEmail | None = None,
    message: str = "",
    data: dict | None = None,
) -> ReturnRequest:
    """Move a locked return to `status` if TRANSITIONS allows it, stamp decided/received/closed
    dates, record the order event (in the order's language) and queue `email_kind` on commit.

    Call inside a transaction holding the order's and the return's row locks.
    Raises INVALID_TRANSITION.
    """
    if status not in TRANSITIONS[return_request.status]:
        raise typed_error(
            _("A return that is %(current)s cannot become %(new)s.")
            % {"current": return_request.get_status_display(), "new": R(status).label},
            ReturnErrorCode.INVALID_TRANSITION,
        )
    previous = return_request.status
    return_request.status = status
    fields = ["status", "updated_at"]
    if status in _STAMPS:
        setattr(return_request, _STAMPS[status], timezone.now())
        fields.append(_STAMPS[status])
    return_request.save(update_fields=fields)
    order = return_request.order
    with translation.override(order.language_code):
        order_event(
            order=order,
            type=event_type or _EVENTS.get(status, OrderEvent.Type.STATUS_CHANGED),
            user=user,
            message=message or _("Return %(number)s") % {"number": return_request.number},
            data={
                "return": return_request.number,
                "from": previous,
                "to": status,
                **(data or {}),
            },
        )
    if email_kind:
        return_email_queue(return_request.pk, email_kind)
    return return_request
