"""The order lifecycle: one table of allowed moves and the one function that makes them.

Seller operations (confirm, fulfil, deliver, cancel, notes) are here too; admin actions, GraphQL
mutations, the support desk and Celery tasks all call them. Each locks the order row, checks the
move against TRANSITIONS, writes an event, and queues the customer's email on commit.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import typed_error
from orders.error_codes import OrderErrorCode
from orders.events import order_event
from orders.models import (
    Fulfillment,
    FulfillmentLine,
    Order,
    OrderEvent,
    OrderLine,
    Payment,
)
from orders.models.order import OrderStatus
from orders.payments.selectors import payment_sums
from shop.models import ProductVariant

S = OrderStatus
TRANSITIONS: dict[str, set[str]] = {
    S.UNCONFIRMED: {S.UNFULFILLED, S.CANCELED},
    S.UNFULFILLED: {S.PARTIALLY_FULFILLED, S.FULFILLED, S.CANCELED},
    # The delivered part of a partly shipped order may come back before the rest ships.
    S.PARTIALLY_FULFILLED: {S.PARTIALLY_FULFILLED, S.FULFILLED, S.PARTIALLY_RETURNED},
    S.FULFILLED: {S.PARTIALLY_RETURNED, S.RETURNED},
    # ... and the rest may still ship after a return (order_fulfill checks the quantities).
    S.PARTIALLY_RETURNED: {S.PARTIALLY_RETURNED, S.RETURNED, S.PARTIALLY_FULFILLED, S.FULFILLED},
    S.RETURNED: set(),
    S.CANCELED: set(),
}


def _locked(order: Order) -> Order:
    return Order.objects.select_for_update().get(pk=order.pk)


def _notify(order: Order, kind: str) -> None:
    from orders.tasks import send_order_email

    order_id = order.pk
    transaction.on_commit(lambda: send_order_email.delay(order_id, kind))


def order_set_status(
    *,
    order: Order,
    status: str,
    user=None,
    event_type: str = "status_changed",
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
    order = _locked(order)
    order_set_status(
        order=order, status=S.UNFULFILLED, user=user, event_type=OrderEvent.Type.CONFIRMED
    )
    _notify(order, "confirmed")
    return order


def _check_carrier(carrier: str) -> None:
    if carrier and carrier not in settings.SHOP_CARRIERS:
        raise typed_error(
            _("Unknown carrier: choose one of %(carriers)s.")
            % {"carriers": ", ".join(settings.SHOP_CARRIERS)},
            OrderErrorCode.INVALID_CARRIER,
            field="carrier",
        )


@transaction.atomic
def order_fulfill(
    *,
    order: Order,
    lines: list[tuple[int, int]],
    carrier: str = "",
    tracking_number: str = "",
    notify_customer: bool = True,
    user=None,
) -> Fulfillment:
    """Ship `lines` ((order line id, quantity) pairs) in one parcel.

    Never more than what is left to ship of a line; an unconfirmed order is confirmed first.
    """
    order = _locked(order)
    _check_carrier(carrier)
    tracking_number = tracking_number.strip()
    if order.status == S.UNCONFIRMED:
        order_set_status(
            order=order, status=S.UNFULFILLED, user=user, event_type=OrderEvent.Type.CONFIRMED
        )
    order_lines = {
        line.pk: line for line in OrderLine.objects.select_for_update().filter(order=order)
    }
    # Each quantity is checked before they are added up: (-1, +2) must not pass as 1.
    wanted: dict[int, int] = {}
    for line_id, quantity in lines:
        wanted[line_id] = wanted.get(line_id, 0) + quantity
    if not wanted or any(quantity <= 0 for _line_id, quantity in lines):
        raise typed_error(
            _("Choose at least one item to ship."), OrderErrorCode.REQUIRED, field="lines"
        )
    for line_id, quantity in wanted.items():
        line = order_lines.get(line_id)
        if line is None:
            raise typed_error(
                _("This line is not part of the order."), OrderErrorCode.NOT_FOUND, field="lines"
            )
        if quantity > line.quantity_unfulfilled:
            raise typed_error(
                _("Only %(left)s of %(sku)s are left to ship."),
                OrderErrorCode.FULFILL_QUANTITY_EXCEEDED,
                field="lines",
                left=line.quantity_unfulfilled,
                sku=line.sku,
                order_line_id=line_id,
            )
    fully = all(
        line.quantity_unfulfilled == wanted.get(line.pk, 0) for line in order_lines.values()
    )
    order_set_status(
        order=order,
        status=S.FULFILLED if fully else S.PARTIALLY_FULFILLED,
        user=user,
        event_type=OrderEvent.Type.FULFILLED,
        data={"carrier": carrier, "tracking_number": tracking_number},
    )
    number = order.fulfillments.count() + 1
    fulfillment = Fulfillment.objects.create(
        order=order, number=number, carrier=carrier, tracking_number=tracking_number
    )
    FulfillmentLine.objects.bulk_create(
        FulfillmentLine(fulfillment=fulfillment, order_line_id=line_id, quantity=quantity)
        for line_id, quantity in wanted.items()
    )
    for line_id, quantity in wanted.items():
        OrderLine.objects.filter(pk=line_id).update(
            quantity_fulfilled=F("quantity_fulfilled") + quantity
        )
    if notify_customer:
        _notify_fulfillment(fulfillment, "shipped")
    from orders.tasks import generate_packing_slip  # tasks imports this module

    transaction.on_commit(lambda: generate_packing_slip.delay(fulfillment.pk))
    return fulfillment


def _notify_fulfillment(fulfillment: Fulfillment, kind: str) -> None:
    from orders.tasks import send_order_email

    order_id, fulfillment_id = fulfillment.order_id, fulfillment.pk
    transaction.on_commit(
        lambda: send_order_email.delay(order_id, kind, fulfillment_id=fulfillment_id)
    )


@transaction.atomic
def fulfillment_update_tracking(
    *, fulfillment: Fulfillment, carrier: str, tracking_number: str, user=None, notify=True
) -> Fulfillment:
    _check_carrier(carrier)
    _locked(fulfillment.order)
    fulfillment = Fulfillment.objects.select_for_update().get(pk=fulfillment.pk)
    fulfillment.carrier = carrier
    fulfillment.tracking_number = tracking_number.strip()
    fulfillment.save(update_fields=["carrier", "tracking_number"])
    order_event(
        order=fulfillment.order,
        type=OrderEvent.Type.TRACKING_UPDATED,
        user=user,
        data={
            "fulfillment": fulfillment.number,
            "carrier": carrier,
            "tracking_number": fulfillment.tracking_number,
        },
    )
    if notify:
        _notify_fulfillment(fulfillment, "shipped")
    return fulfillment


@transaction.atomic
def fulfillment_mark_delivered(
    *, fulfillment: Fulfillment, user=None, notify: bool = True
) -> Fulfillment:
    _locked(fulfillment.order)
    fulfillment = Fulfillment.objects.select_for_update().get(pk=fulfillment.pk)
    if fulfillment.status == Fulfillment.Status.DELIVERED:
        raise typed_error(_("This parcel is already delivered."), OrderErrorCode.ALREADY_DELIVERED)
    fulfillment.status = Fulfillment.Status.DELIVERED
    fulfillment.delivered_at = timezone.now()
    fulfillment.save(update_fields=["status", "delivered_at"])
    order_event(
        order=fulfillment.order,
        type=OrderEvent.Type.DELIVERED,
        user=user,
        data={"fulfillment": fulfillment.number},
    )
    if notify:
        _notify_fulfillment(fulfillment, "delivered")
    return fulfillment


@transaction.atomic
def order_mark_delivered(*, order: Order, user=None) -> Order:
    """Mark every shipped parcel of the order delivered; the customer gets one email for all."""
    order = _locked(order)
    parcels = list(order.fulfillments.filter(status=Fulfillment.Status.SHIPPED))
    if not parcels:
        raise typed_error(
            _("There is no shipped parcel to mark delivered."), OrderErrorCode.INVALID_TRANSITION
        )
    for fulfillment in parcels:
        fulfillment_mark_delivered(fulfillment=fulfillment, user=user, notify=False)
    _notify(order, "delivered")
    return order


@transaction.atomic
def order_cancel(*, order: Order, user=None, reason: str = "") -> Order:
    """Cancel an order not shipped yet: its stock goes back on sale, what was paid is refunded
    through the gateway that took it, and the customer is told."""
    from orders.payments.refunds import payment_refund_after_commit

    order = _locked(order)
    order_set_status(
        order=order,
        status=S.CANCELED,
        user=user,
        event_type=OrderEvent.Type.CANCELED,
        message=reason,
    )
    for line in order.lines.filter(variant__isnull=False).order_by("variant_id"):
        ProductVariant.objects.filter(pk=line.variant_id).update(
            quantity=F("quantity") + line.quantity
        )
    for payment in Payment.objects.select_for_update().filter(order=order):
        left = payment_sums(payment).refundable
        if left > 0:
            payment_refund_after_commit(
                payment=payment,
                amount=left,
                reason=reason or _("Order canceled"),
                idempotency_key=f"cancel-refund-{payment.pk}",
            )
    _notify(order, "canceled")
    return order


@transaction.atomic
def order_note_add(*, order: Order, message: str, user=None, customer_visible=False):
    """A note on the timeline; staff notes are not shown to the customer unless said so."""
    message = (message or "").strip()
    if not message:
        raise typed_error(_("Write a note."), OrderErrorCode.REQUIRED, field="message")
    return order_event(
        order=_locked(order),
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
    return actions
