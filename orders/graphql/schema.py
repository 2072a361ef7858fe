"""The checkout and orders part of the root schema (config/schema.py gathers every app's)."""

import graphene

from orders.graphql.checkout.mutations.details import (
    CheckoutAddPromoCode,
    CheckoutBillingAddressUpdate,
    CheckoutDeliveryMethodUpdate,
    CheckoutEmailUpdate,
    CheckoutRemovePromoCode,
    CheckoutShippingAddressUpdate,
)
from orders.graphql.checkout.mutations.lines import (
    CheckoutCreate,
    CheckoutLinesAdd,
    CheckoutLinesDelete,
    CheckoutLinesUpdate,
)
from orders.graphql.checkout.mutations.payment import CheckoutComplete, CheckoutPaymentCreate
from orders.graphql.checkout.queries import CheckoutQueries
from orders.graphql.documents.mutations import InvoiceRequest, OrderResendLastEmail
from orders.graphql.orders.mutations import (
    OrderCancel,
    OrderConfirm,
    OrderFulfill,
    OrderFulfillmentUpdateTracking,
    OrderMarkDelivered,
    OrderMarkPaid,
    OrderNoteAdd,
)
from orders.graphql.orders.queries import OrderQueries
from orders.graphql.returns.mutations import (
    OrderRefund,
    ReturnRequestApprove,
    ReturnRequestCreate,
    ReturnRequestExchange,
    ReturnRequestReceive,
    ReturnRequestRefund,
    ReturnRequestReject,
)
from orders.graphql.returns.queries import ReturnsQueries

__all__ = ["OrdersMutations", "OrdersQueries"]


# The root type lists the fields of its bases last base first: returns, checkout, then orders.
class OrdersQueries(OrderQueries, CheckoutQueries, ReturnsQueries):
    pass


class OrdersMutations(graphene.ObjectType):
    checkout_create = CheckoutCreate.Field()
    checkout_lines_add = CheckoutLinesAdd.Field()
    checkout_lines_update = CheckoutLinesUpdate.Field()
    checkout_lines_delete = CheckoutLinesDelete.Field()
    checkout_email_update = CheckoutEmailUpdate.Field()
    checkout_shipping_address_update = CheckoutShippingAddressUpdate.Field()
    checkout_billing_address_update = CheckoutBillingAddressUpdate.Field()
    checkout_delivery_method_update = CheckoutDeliveryMethodUpdate.Field()
    checkout_add_promo_code = CheckoutAddPromoCode.Field()
    checkout_remove_promo_code = CheckoutRemovePromoCode.Field()
    checkout_payment_create = CheckoutPaymentCreate.Field()
    checkout_complete = CheckoutComplete.Field()
    order_confirm = OrderConfirm.Field()
    order_cancel = OrderCancel.Field()
    order_mark_paid = OrderMarkPaid.Field()
    order_fulfill = OrderFulfill.Field()
    order_fulfillment_update_tracking = OrderFulfillmentUpdateTracking.Field()
    order_mark_delivered = OrderMarkDelivered.Field()
    order_note_add = OrderNoteAdd.Field()
    invoice_request = InvoiceRequest.Field()
    order_resend_last_email = OrderResendLastEmail.Field()
    return_request_create = ReturnRequestCreate.Field()
    return_request_approve = ReturnRequestApprove.Field()
    return_request_reject = ReturnRequestReject.Field()
    return_request_receive = ReturnRequestReceive.Field()
    return_request_refund = ReturnRequestRefund.Field()
    return_request_exchange = ReturnRequestExchange.Field()
    order_refund = OrderRefund.Field()
