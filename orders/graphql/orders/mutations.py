"""Seller operations on an order: confirm, fulfil, update tracking, mark delivered, cancel, note.

Each needs `orders.change_order` (the Sellers group), parses its input, calls one service of
orders.lifecycle, and returns the order read again as staff see it (with its parcels).
"""

import graphene
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from graphql_relay import from_global_id

from core.errors import typed_error
from core.graphql.ids import pk_from_global_id, uuid_from_global_id
from core.graphql.inputs import max_length_of
from core.graphql.mutations import BaseMutation
from orders.error_codes import OrderErrorCode
from orders.graphql.orders.errors import OrderError
from orders.graphql.orders.fulfillments import Fulfillment, order_fulfillments
from orders.graphql.orders.types import Order, OrderEvent
from orders.graphql.shared import row_with_pk
from orders.lifecycle.cancel import order_cancel
from orders.lifecycle.fulfillment import (
    fulfillment_mark_delivered,
    fulfillment_update_tracking,
    order_fulfill,
    order_mark_delivered,
)
from orders.lifecycle.transitions import order_confirm, order_note_add
from orders.models import Fulfillment as FulfillmentModel
from orders.models import Order as OrderModel
from orders.models import PaymentTransaction as PaymentTransactionModel
from orders.payments.ledger import order_mark_paid
from orders.selectors import order_for_user

PERMISSION = "orders.change_order"

# What a parcel's carrier and tracking number may hold (orderFulfill, the tracking update).
TRACKING_MAX_LENGTHS = {
    "input.carrier": max_length_of(FulfillmentModel, "carrier"),
    "input.trackingNumber": max_length_of(FulfillmentModel, "tracking_number"),
}


def _not_found(field: str, message: str) -> ValidationError:
    return typed_error(message, OrderErrorCode.NOT_FOUND, field=field)


def order_by_global_id(global_id: str) -> OrderModel | None:
    """The order an Order id names, with no access check (the caller checks the viewer: a
    staff permission, or orders.selectors.can_view_order); None for a malformed id, an id of
    another type or no such order."""
    token = uuid_from_global_id(global_id, "Order")
    return None if token is None else OrderModel.objects.filter(token=token).first()


def order_from_id(global_id: str) -> OrderModel:
    """The order an Order id names (order_by_global_id), or NOT_FOUND on `id`."""
    order = order_by_global_id(global_id)
    if order is None:
        raise _not_found("id", _("No order has this id."))
    return order


def fulfillment_from_id(global_id: str) -> FulfillmentModel:
    pk = pk_from_global_id(global_id, "Fulfillment")
    parcel = None if pk is None else FulfillmentModel.objects.filter(pk=pk).first()
    if parcel is None:
        raise _not_found("id", _("No parcel has this id."))
    return parcel


def _order_payload(info, order_id: int) -> dict:
    token = OrderModel.objects.values_list("token", flat=True).get(pk=order_id)
    return {"order": order_for_user(token=token, user=info.context.user)}


def _with_parcel(payload: dict, fulfillment_id: int) -> dict:
    parcel = row_with_pk(order_fulfillments(payload["order"]), fulfillment_id)
    return {**payload, "fulfillment": parcel}


def order_field():
    return graphene.Field(Order, description="The order after the change; null on an error.")


def order_id_argument():
    return graphene.ID(required=True, description="The order's id.")


class OrderConfirm(BaseMutation):
    """Accept an unconfirmed order: it can now be prepared and shipped."""

    order = order_field()

    class Arguments:
        id = order_id_argument()

    class Meta:
        error_type = OrderError
        permission = PERMISSION

    @classmethod
    def perform_mutation(cls, root, info, id):
        order = order_confirm(order=order_from_id(id), user=info.context.user)
        return _order_payload(info, order.pk)


class OrderCancel(BaseMutation):
    """Cancel an order not shipped yet: its stock goes back on sale, what was paid is refunded
    through the gateway that took it, and the customer is told."""

    order = order_field()

    class Arguments:
        id = order_id_argument()
        reason = graphene.String(description="Why; shown on the timeline.")

    class Meta:
        error_type = OrderError
        permission = PERMISSION

    @classmethod
    def perform_mutation(cls, root, info, id, reason=""):
        order = order_cancel(order=order_from_id(id), user=info.context.user, reason=reason or "")
        return _order_payload(info, order.pk)


class OrderMarkPaidInput(graphene.InputObjectType):
    amount = graphene.Decimal(
        required=True, description="What was received; part of what is left to pay is allowed."
    )
    reference = graphene.String(
        required=True, description="The bank transfer's reference, or the receipt number."
    )
    paid_at = graphene.DateTime(description="When the money arrived; default now.")
    idempotency_key = graphene.String(
        description="The same key twice books the payment once (a retried request)."
    )


class OrderMarkPaid(BaseMutation):
    """Record money received for an order paid by bank transfer or on delivery: booked in the
    payment ledger, the payment status moves, the timeline says who recorded it, and the
    shopper is emailed (with the invoice once paid in full). More than is left to pay is
    refused (OVERPAYMENT)."""

    order = order_field()

    class Arguments:
        id = order_id_argument()
        input = OrderMarkPaidInput(required=True)

    class Meta:
        error_type = OrderError
        permission = PERMISSION
        max_lengths = {
            "input.reference": max_length_of(PaymentTransactionModel, "provider_reference"),
            "input.idempotencyKey": 80,
        }

    @classmethod
    def perform_mutation(cls, root, info, id, input):
        reference = (input.reference or "").strip()
        if not reference:
            raise typed_error(
                _("Give the transfer's reference or the receipt number."),
                OrderErrorCode.REQUIRED,
                field="reference",
            )
        order = order_mark_paid(
            order=order_from_id(id),
            amount=input.amount,
            reference=reference,
            paid_at=input.paid_at,
            user=info.context.user,
            idempotency_key=input.idempotency_key or None,
        )
        return _order_payload(info, order.pk)


class OrderFulfillLineInput(graphene.InputObjectType):
    order_line_id = graphene.ID(required=True, description="An OrderLine id of this order.")
    quantity = graphene.Int(required=True, description="How many to put in the parcel.")


class OrderFulfillInput(graphene.InputObjectType):
    lines = graphene.List(graphene.NonNull(OrderFulfillLineInput), required=True)
    carrier = graphene.String(description="A carrier key such as colissimo, ups, dhl.")
    tracking_number = graphene.String()
    notify_customer = graphene.Boolean(
        default_value=True, description="Email the customer the tracking link (default true)."
    )


class OrderFulfill(BaseMutation):
    """Ship chosen lines and quantities in one parcel. Never more than what is left to ship;
    an unconfirmed order is confirmed first."""

    order = order_field()
    fulfillment = graphene.Field(Fulfillment, description="The new parcel; null on an error.")

    class Arguments:
        id = order_id_argument()
        input = OrderFulfillInput(required=True)

    class Meta:
        error_type = OrderError
        permission = PERMISSION
        max_lengths = TRACKING_MAX_LENGTHS

    @classmethod
    def perform_mutation(cls, root, info, id, input):
        order = order_from_id(id)
        lines = []
        for line in input.lines:
            pk = pk_from_global_id(line.order_line_id, "OrderLine")
            if pk is None:
                raise _not_found("lines", _("This line is not part of the order."))
            lines.append((pk, line.quantity))
        parcel = order_fulfill(
            order=order,
            lines=lines,
            carrier=input.carrier or "",
            tracking_number=input.tracking_number or "",
            notify_customer=input.notify_customer is not False,
            user=info.context.user,
        )
        return _with_parcel(_order_payload(info, order.pk), parcel.pk)


class FulfillmentTrackingInput(graphene.InputObjectType):
    carrier = graphene.String(required=True, description="A carrier key such as colissimo.")
    tracking_number = graphene.String(required=True)
    notify_customer = graphene.Boolean(default_value=True)


class OrderFulfillmentUpdateTracking(BaseMutation):
    """Change a parcel's carrier and tracking number."""

    order = order_field()
    fulfillment = graphene.Field(Fulfillment, description="The parcel; null on an error.")

    class Arguments:
        id = graphene.ID(required=True, description="The parcel's (Fulfillment) id.")
        input = FulfillmentTrackingInput(required=True)

    class Meta:
        error_type = OrderError
        permission = PERMISSION
        max_lengths = TRACKING_MAX_LENGTHS

    @classmethod
    def perform_mutation(cls, root, info, id, input):
        parcel = fulfillment_update_tracking(
            fulfillment=fulfillment_from_id(id),
            carrier=input.carrier,
            tracking_number=input.tracking_number,
            notify=input.notify_customer is not False,
            user=info.context.user,
        )
        return _with_parcel(_order_payload(info, parcel.order_id), parcel.pk)


class OrderMarkDelivered(BaseMutation):
    """Mark delivered every shipped parcel of an order (an Order id) or one parcel (a
    Fulfillment id)."""

    order = order_field()

    class Arguments:
        id = graphene.ID(required=True, description="An Order id or a Fulfillment id.")

    class Meta:
        error_type = OrderError
        permission = PERMISSION

    @classmethod
    def perform_mutation(cls, root, info, id):
        user = info.context.user
        if from_global_id(str(id))[0] == "Fulfillment":
            parcel = fulfillment_mark_delivered(fulfillment=fulfillment_from_id(id), user=user)
            return _order_payload(info, parcel.order_id)
        order = order_mark_delivered(order=order_from_id(id), user=user)
        return _order_payload(info, order.pk)


class OrderNoteAdd(BaseMutation):
    """Add a staff note to the order's timeline (not shown to the customer)."""

    order = order_field()
    event = graphene.Field(OrderEvent, description="The note; null on an error.")

    class Arguments:
        id = order_id_argument()
        message = graphene.String(required=True)

    class Meta:
        error_type = OrderError
        permission = PERMISSION

    @classmethod
    def perform_mutation(cls, root, info, id, message):
        order = order_from_id(id)
        event = order_note_add(
            order=order, message=message, user=info.context.user, customer_visible=False
        )
        return {**_order_payload(info, order.pk), "event": event}
