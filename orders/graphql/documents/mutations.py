"""Mutations of the order follow-up: ask for the invoice, send the last email again."""

import graphene
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.errors import typed_error
from core.graphql.errors import make_error_type
from core.graphql.ids import uuid_from_global_id
from core.graphql.mutations import BaseMutation
from orders.documents.invoices import invoice_get_or_create
from orders.error_codes import OrderErrorCode
from orders.graphql.documents.types import Invoice
from orders.graphql.orders.mutations import order_by_global_id
from orders.graphql.orders.types import Order, order_for_viewer
from orders.notifications.order_emails import order_resend_last_email

InvoiceError = make_error_type("InvoiceError", OrderErrorCode)
OrderNotificationError = make_error_type("OrderNotificationError", OrderErrorCode)


def _not_found(field: str) -> ValidationError:
    return typed_error(_("There is no order with this id."), OrderErrorCode.NOT_FOUND, field=field)


class InvoiceRequest(BaseMutation):
    """The order's invoice, issued when the order became fully paid (then never changed; issued
    now if the payment's task has not run yet): for staff who may view orders, the customer who
    placed it, or a guest holding the order's id. Before payment: `NOT_PAID`, and no invoice
    number is used up (`Order.summaryUrl` gives the order summary instead)."""

    invoice = graphene.Field(Invoice, description="The invoice; null on an error.")
    order = graphene.Field(Order, description="The order; null on an error.")

    class Arguments:
        order_id = graphene.ID(required=True, description="The order's id.")

    class Meta:
        error_type = InvoiceError
        # The number is given and the PDF drawn in their own short transactions.
        atomic = False

    @classmethod
    def perform_mutation(cls, root, info, order_id):
        token = uuid_from_global_id(order_id, "Order")
        order = None if token is None else order_for_viewer(info, token)
        if order is None:
            raise _not_found("orderId")
        invoice = invoice_get_or_create(order=order, user=info.context.user)
        return {"invoice": invoice, "order": order}


class OrderResendLastEmail(BaseMutation):
    """Send the order's last email to the shopper again (staff). Queued: its result shows on
    the order's timeline as `EMAIL_SENT` or `EMAIL_FAILED`."""

    order = graphene.Field(Order, description="The order; null on an error.")
    kind = graphene.String(description="Which email is sent again, such as `shipped`.")

    class Arguments:
        id = graphene.ID(required=True, description="The order's id.")

    class Meta:
        error_type = OrderNotificationError
        permission = "orders.change_order"

    @classmethod
    def perform_mutation(cls, root, info, id):
        order = order_by_global_id(id)
        if order is None:
            raise _not_found("id")
        kind = order_resend_last_email(order=order, user=info.context.user)
        return {"order": order_for_viewer(info, order.token), "kind": kind}
