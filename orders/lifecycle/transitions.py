"""The order lifecycle: one table of allowed moves and the one function that makes them.

Seller operations (confirm, fulfil, deliver, cancel, notes) are here too; admin actions, GraphQL
mutations, the support desk and Celery tasks all call them. Each locks the order row, checks the
move against TRANSITIONS, writes an event, and queues the customer's email on commit.
"""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from core.errors import typed_error
from orders.error_codes import OrderErrorCode
from orders.events import order_event
from orders.locks import order_lock
from orders.models import (
    Fulfillment,
    Order,
    OrderEvent,
)
from orders.models.order import OrderStatus, PaymentStatus
from orders.outbox import OrderEmail, order_email_queue
from orders.payments.base import is_offline

S = OrderStatus
TRANSITIONS: dict[str, set[str]] = {
    S.UNCONFIRMED: {S.UNFULFILLED, S.CANCELED},
    S.UNFULFILLED: {S.PARTIALLY_FULFILLED, S.FULFILLED, S.CANCELED},
    # The delivered part of a partly shipped order may come back before the rest ships.
    S.PARTIALLY_FULFILLED: {S.PARTIALLY_FULFILLED, S.FULFILLED, S.PARTIALLY_RETURNED},
    S.FULFILLED: {S.DELIVERED, S.PARTIALLY_RETURNED, S.RETURNED},
    # Every parcel delivered (orders.lifecycle.fulfillment).
    S.DELIVERED: {S.PARTIALLY_RETURNED, S.RETURNED},
    # ... and the rest may still ship after a return (order_fulfill checks the quantities).
    S.PARTIALLY_RETURNED: {S.PARTIALLY_RETURNED, S.RETURNED, S.PARTIALLY_FULFILLED, S.FULFILLED},
    S.RETURNED: set(),
    S.CANCELED: set(),
}


def order_set_status(
    *,
    order: Order,
    status: str,
    user=None,
    event_type: str = OrderEvent.Type.STATUS_CHANGED,
    message="",
    data=None,
) -> Order:
    """Move a locked order to `status` if TRANSITIONS allows it, and record the event.

    Call holding the order's row lock (select_for_update), inside a transaction.
    """
    if status not in TRANSITIONS[order.status]:
        raise typed_error(
            _("An order that is %(current)s cannot become %(new)s.")
            % {"current": order.get_status_display(), "new": OrderStatus(status).label},
            OrderErrorCode.INVALID_TRANSITION,
        )
    previous = order.status
    order.status = status
    order.save(update_fields=["status", "updated_at"])
    order_event(
        order=order,
        type=event_type,
        user=user,
        message=message,
        data={"from": previous, "to": status, **(data or {})},
    )
    return order


@transaction.atomic
def order_confirm(*, order: Order, user=None) -> Order:
    """The seller accepts the order: it can now be prepared and shipped."""
    order = order_lock(order)
    order_set_status(
        order=order, status=S.UNFULFILLED, user=user, event_type=OrderEvent.Type.CONFIRMED
    )
    order_email_queue(order.pk, OrderEmail.CONFIRMED)
    return order


@transaction.atomic
def order_note_add(*, order: Order, message: str, user=None, customer_visible=False):
    """A note on the timeline; staff notes are not shown to the customer unless said so."""
    message = (message or "").strip()
    if not message:
        raise typed_error(_("Write a note."), OrderErrorCode.REQUIRED, field="message")
    return order_event(
        order=order_lock(order),
        type=OrderEvent.Type.NOTE_ADDED,
        user=user,
        message=message,
        customer_visible=customer_visible,
    )


def order_available_actions(order: Order) -> set[str]:
    """The seller actions that make sense for the order now (the buttons to show), derived from
    TRANSITIONS and the parcels; the services still check every move themselves."""
    allowed = TRANSITIONS[order.status]
    actions = set()
    if order.status == S.UNCONFIRMED:
        actions.add("confirm")
    # After a return, "ship" only while something is left to ship.
    left_to_ship = order.status != S.PARTIALLY_RETURNED or (
        order.lines.filter(quantity_fulfilled__lt=F("quantity")).exists()
    )
    if order.status == S.UNCONFIRMED or (
        allowed & {S.PARTIALLY_FULFILLED, S.FULFILLED} and left_to_ship
    ):
        actions.add("ship")  # shipping an unconfirmed order confirms it first
    if S.CANCELED in allowed:
        actions.add("cancel")
    if order.fulfillments.filter(status=Fulfillment.Status.SHIPPED).exists():
        actions.add("deliver")
    if (
        is_offline(order.gateway)
        and order.status != S.CANCELED
        and order.payment_status in (PaymentStatus.NOT_CHARGED, PaymentStatus.PARTIALLY_CHARGED)
    ):
        actions.add("mark_paid")  # money received by bank transfer or on delivery
    return actions
