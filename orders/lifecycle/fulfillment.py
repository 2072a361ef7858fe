"""Shipping an order: parcels (fulfillments) with carrier and tracking, and their delivery."""

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import typed_error
from orders.error_codes import OrderErrorCode
from orders.events import order_event
from orders.lifecycle.transitions import order_set_status
from orders.locks import order_lock
from orders.models import (
    Fulfillment,
    FulfillmentLine,
    Order,
    OrderEvent,
    OrderLine,
)
from orders.models.order import OrderStatus
from orders.outbox import OrderEmail, order_email_queue, packing_slip_queue

S = OrderStatus


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
    order = order_lock(order)
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
        _notify_fulfillment(fulfillment, OrderEmail.SHIPPED)
    packing_slip_queue(fulfillment.pk)
    return fulfillment


def _notify_fulfillment(fulfillment: Fulfillment, kind: OrderEmail) -> None:
    order_email_queue(fulfillment.order_id, kind, fulfillment_id=fulfillment.pk)


@transaction.atomic
def fulfillment_update_tracking(
    *, fulfillment: Fulfillment, carrier: str, tracking_number: str, user=None, notify=True
) -> Fulfillment:
    _check_carrier(carrier)
    order_lock(fulfillment.order)
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
        _notify_fulfillment(fulfillment, OrderEmail.SHIPPED)
    return fulfillment


@transaction.atomic
def fulfillment_mark_delivered(
    *, fulfillment: Fulfillment, user=None, notify: bool = True
) -> Fulfillment:
    order = order_lock(fulfillment.order)
    fulfillment = Fulfillment.objects.select_for_update().get(pk=fulfillment.pk)
    if fulfillment.status == Fulfillment.Status.DELIVERED:
        raise typed_error(_("This parcel is already delivered."), OrderErrorCode.ALREADY_DELIVERED)
    fulfillment.status = Fulfillment.Status.DELIVERED
    fulfillment.delivered_at = timezone.now()
    fulfillment.save(update_fields=["status", "delivered_at"])
    order_event(
        order=order,
        type=OrderEvent.Type.DELIVERED,
        user=user,
        data={"fulfillment": fulfillment.number},
    )
    # Shipped in full and the last parcel arrived: the order is delivered.
    if (
        order.status == S.FULFILLED
        and not order.fulfillments.filter(status=Fulfillment.Status.SHIPPED).exists()
    ):
        order_set_status(order=order, status=S.DELIVERED, user=user)
    if notify:
        _notify_fulfillment(fulfillment, OrderEmail.DELIVERED)
    return fulfillment


@transaction.atomic
def order_mark_delivered(*, order: Order, user=None) -> Order:
    """Mark every shipped parcel of the order delivered; the customer gets one email for all."""
    order = order_lock(order)
    parcels = list(order.fulfillments.filter(status=Fulfillment.Status.SHIPPED))
    if not parcels:
        raise typed_error(
            _("There is no shipped parcel to mark delivered."), OrderErrorCode.INVALID_TRANSITION
        )
    for fulfillment in parcels:
        fulfillment_mark_delivered(fulfillment=fulfillment, user=user, notify=False)
    order_email_queue(order.pk, OrderEmail.DELIVERED)
    return order
