"""Return and refund mutations. Each parses its input, calls one service of orders.returns, and
returns the return (or order) read again through the viewer's access rule.

`returnRequestCreate` is the customer's (the order's owner, a guest holding the order's id) and
staff's who may create returns; someone else's order reads exactly like a missing one. The
decisions need `orders.change_order` (Sellers); the refunds `orders.add_refund` (Sellers and
support agents, whose limit the refund service checks).
"""

import graphene
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.errors import typed_error
from core.graphql.ids import pk_from_global_id, uuid_from_global_id
from core.graphql.inputs import max_length_of
from core.graphql.mutations import BaseMutation
from orders.error_codes import OrderErrorCode, ReturnErrorCode
from orders.graphql.orders.errors import OrderError
from orders.graphql.orders.mutations import order_by_global_id, order_from_id
from orders.graphql.orders.types import Order, order_for_viewer
from orders.graphql.returns.errors import ReturnError
from orders.graphql.returns.types import Refund, ReturnReason, ReturnRequest, return_for_user
from orders.graphql.shared import row_with_pk
from orders.models import Order as OrderModel
from orders.models import Refund as RefundModel
from orders.models import ReturnLine as ReturnLineModel
from orders.models import ReturnRequest as ReturnRequestModel
from orders.returns.checks import ReturnLineSpec
from orders.returns.services import (
    order_refund,
    return_request_approve,
    return_request_create,
    return_request_exchange,
    return_request_receive,
    return_request_refund,
    return_request_reject,
)
from orders.selectors import can_view_order

CHANGE_PERMISSION = "orders.change_order"
REFUND_PERMISSION = "orders.add_refund"
CREATE_PERMISSION = "orders.add_returnrequest"


def _renamed(error: ValidationError, names: dict[str, str]) -> ValidationError:
    """The service's error with its fields named after this mutation's arguments."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({names.get(key, key): value for key, value in error.error_dict.items()})


def _order_for_return(info, global_id) -> OrderModel:
    """The order a return is asked on, if the viewer may ask one; anyone else's order (or a
    missing one) is NOT_FOUND with the same message."""
    order = order_by_global_id(global_id)
    user = info.context.user
    if order is None or not can_view_order(order, user):
        raise typed_error(_("No order has this id."), ReturnErrorCode.NOT_FOUND, field="orderId")
    is_owner = order.user_id is None or (user.is_authenticated and user.pk == order.user_id)
    if not is_owner and not user.has_perm(CREATE_PERMISSION):
        raise typed_error(
            _("You do not have permission to perform this action."),
            ReturnErrorCode.PERMISSION_DENIED,
        )
    return order


def return_from_id(global_id) -> ReturnRequestModel:
    """Staff's look-up of a return by its id (the caller has checked the permission)."""
    token = uuid_from_global_id(global_id, "ReturnRequest")
    found = None if token is None else ReturnRequestModel.objects.filter(token=token).first()
    if found is None:
        raise typed_error(_("No return has this id."), ReturnErrorCode.NOT_FOUND, field="id")
    return found


def _line_pk(global_id, type_name: str, field: str, message: str) -> int:
    pk = pk_from_global_id(global_id, type_name)
    if pk is None:
        raise typed_error(message, ReturnErrorCode.NOT_FOUND, field=field)
    return pk


def _return_line_pk(global_id) -> int:
    return _line_pk(global_id, "ReturnLine", "lines", _("This line is not part of the return."))


def _return_payload(info, return_request) -> dict:
    return {"return_request": return_for_user(token=return_request.token, user=info.context.user)}


def return_field():
    return graphene.Field(
        ReturnRequest, description="The return after the change; null on an error."
    )


def return_id_argument():
    return graphene.ID(required=True, description="The return's id.")


class ReturnLineCreateInput(graphene.InputObjectType):
    order_line_id = graphene.ID(required=True, description="An OrderLine id of this order.")
    quantity = graphene.Int(required=True, description="How many to send back.")
    reason = ReturnReason(required=True)
    reason_text = graphene.String(description="Required when the reason is OTHER.")


class ReturnRequestCreate(BaseMutation):
    """Ask to return delivered items of an order, within the return window. Photos cannot be
    sent through the API (GraphQL multipart uploads are not set up): the order page's return
    form takes up to 3."""

    return_request = return_field()

    class Arguments:
        order_id = graphene.ID(required=True, description="The order's id.")
        lines = graphene.List(graphene.NonNull(ReturnLineCreateInput), required=True)
        comment = graphene.String(description="Anything the shop should know.")

    class Meta:
        error_type = ReturnError
        max_lengths = {"lines.reasonText": max_length_of(ReturnLineModel, "reason_text")}

    @classmethod
    def perform_mutation(cls, root, info, order_id, lines, comment=""):
        order = _order_for_return(info, order_id)
        specs = [
            ReturnLineSpec(
                order_line_id=_line_pk(
                    line.order_line_id,
                    "OrderLine",
                    "lines",
                    _("This line is not part of the order."),
                ),
                quantity=line.quantity,
                reason=getattr(line.reason, "value", line.reason),
                reason_text=(line.reason_text or "").strip(),
            )
            for line in lines
        ]
        return_request = return_request_create(
            order=order, lines=specs, comment=comment or "", user=info.context.user
        )
        return _return_payload(info, return_request)


class ReturnRequestApprove(BaseMutation):
    """Accept a requested return: the customer is emailed the return slip."""

    return_request = return_field()

    class Arguments:
        id = return_id_argument()

    class Meta:
        error_type = ReturnError
        permission = CHANGE_PERMISSION

    @classmethod
    def perform_mutation(cls, root, info, id):
        return_request = return_request_approve(
            return_request=return_from_id(id), user=info.context.user
        )
        return _return_payload(info, return_request)


class ReturnRequestReject(BaseMutation):
    """Refuse a requested return, telling the customer why."""

    return_request = return_field()

    class Arguments:
        id = return_id_argument()
        reason = graphene.String(required=True, description="Emailed to the customer.")

    class Meta:
        error_type = ReturnError
        permission = CHANGE_PERMISSION

    @classmethod
    def perform_mutation(cls, root, info, id, reason):
        try:
            return_request = return_request_reject(
                return_request=return_from_id(id), message=reason, user=info.context.user
            )
        except ValidationError as error:
            raise _renamed(error, {"message": "reason"}) from error
        return _return_payload(info, return_request)


class ReturnLineReceiveInput(graphene.InputObjectType):
    return_line_id = graphene.ID(required=True, description="A ReturnLine id of this return.")
    restock = graphene.Boolean(required=True, description="Back on sale (false: damaged).")


class ReturnRequestReceive(BaseMutation):
    """Record the parcel's arrival, saying for every line whether it goes back to stock."""

    return_request = return_field()

    class Arguments:
        id = return_id_argument()
        lines = graphene.List(graphene.NonNull(ReturnLineReceiveInput), required=True)

    class Meta:
        error_type = ReturnError
        permission = CHANGE_PERMISSION

    @classmethod
    def perform_mutation(cls, root, info, id, lines):
        return_request = return_from_id(id)
        decisions = {_return_line_pk(line.return_line_id): bool(line.restock) for line in lines}
        return_request = return_request_receive(
            return_request=return_request, lines=decisions, user=info.context.user
        )
        return _return_payload(info, return_request)


class ReturnRequestRefund(BaseMutation):
    """Refund a received return (the lines at the price paid, and shipping if asked) through
    the gateway that took the payment. The same idempotency key refunds once."""

    return_request = return_field()
    refund = graphene.Field(Refund, description="The refund; null on an error.")

    class Arguments:
        id = return_id_argument()
        include_shipping = graphene.Boolean(
            default_value=False, description="Also refund the order's shipping (once per order)."
        )
        idempotency_key = graphene.String(
            description="The same key (a retried request) returns the first refund."
        )

    class Meta:
        error_type = ReturnError
        permission = REFUND_PERMISSION
        max_lengths = {"idempotencyKey": max_length_of(RefundModel, "idempotency_key")}
        # The providers are called after the booking commits, so the payload shows their answer.
        atomic = False

    @classmethod
    def perform_mutation(cls, root, info, id, include_shipping=False, idempotency_key=None):
        refund = return_request_refund(
            return_request=return_from_id(id),
            include_shipping=bool(include_shipping),
            user=info.context.user,
            idempotency_key=idempotency_key or None,
        )
        payload = _return_payload(info, refund.return_request)
        return {
            **payload,
            "refund": row_with_pk(payload["return_request"].refunds.all(), refund.pk),
        }


class ReturnLineExchangeInput(graphene.InputObjectType):
    return_line_id = graphene.ID(required=True, description="A ReturnLine id of this return.")
    variant_id = graphene.ID(
        required=True, description="A ProductVariant of the same product (another size, say)."
    )


class ReturnRequestExchange(BaseMutation):
    """Instead of a refund, send replacements as a zero-priced order; the return is closed."""

    return_request = return_field()
    exchange_order = graphene.Field(Order, description="The replacement order; null on an error.")

    class Arguments:
        id = return_id_argument()
        lines = graphene.List(graphene.NonNull(ReturnLineExchangeInput), required=True)

    class Meta:
        error_type = ReturnError
        permission = CHANGE_PERMISSION

    @classmethod
    def perform_mutation(cls, root, info, id, lines):
        return_request = return_from_id(id)
        replacements = {}
        for line in lines:
            line_pk = _return_line_pk(line.return_line_id)
            replacements[line_pk] = _line_pk(
                line.variant_id, "ProductVariant", "lines", _("No product variant has this id.")
            )
        try:
            exchange = return_request_exchange(
                return_request=return_request, replacements=replacements, user=info.context.user
            )
        except ValidationError as error:
            raise _renamed(error, {"replacements": "lines"}) from error
        return {
            **_return_payload(info, return_request),
            "exchange_order": order_for_viewer(info, exchange.token),
        }


class OrderRefund(BaseMutation):
    """Refund an amount directly on an order (a goodwill gesture), through the gateway that
    took the payment; never more than what is left of what was captured."""

    order = graphene.Field(Order, description="The order after the refund; null on an error.")
    refund = graphene.Field(Refund, description="The refund; null on an error.")

    class Arguments:
        id = graphene.ID(required=True, description="The order's id.")
        amount = graphene.Decimal(required=True)
        reason = graphene.String(required=True, description="Shown on the credit note.")
        idempotency_key = graphene.String(
            description="The same key (a retried request) returns the first refund."
        )

    class Meta:
        error_type = OrderError
        permission = REFUND_PERMISSION
        atomic = False
        max_lengths = {
            "reason": max_length_of(RefundModel, "reason"),
            "idempotencyKey": max_length_of(RefundModel, "idempotency_key"),
        }

    @classmethod
    def perform_mutation(cls, root, info, id, amount, reason, idempotency_key=None):
        order = order_from_id(id)
        # What the money columns hold (10 digits, 2 decimals): anything else is bad input.
        if not amount.is_finite() or amount.adjusted() >= 8:
            raise typed_error(
                _("Give an amount such as 12.50."), OrderErrorCode.INVALID, field="amount"
            )
        refund = order_refund(
            order=order,
            amount=amount,
            reason=reason,
            user=info.context.user,
            idempotency_key=idempotency_key or None,
        )
        refund = RefundModel.objects.select_related("order").get(pk=refund.pk)
        return {"order": order_for_viewer(info, order.token), "refund": refund}
