from orders.models.checkout import Checkout, CheckoutLine, ShippingMethod, Voucher, VoucherUsage
from orders.models.document import Invoice, InvoiceNumberSequence
from orders.models.fulfillment import Fulfillment, FulfillmentLine
from orders.models.order import Order, OrderEvent, OrderLine, OrderNumberSequence
from orders.models.payment import Payment, PaymentTransaction, StripeEvent
from orders.models.returns import (
    Refund,
    ReturnLine,
    ReturnPhoto,
    ReturnReason,
    ReturnRequest,
    ReturnStatus,
)

__all__ = [
    "Checkout",
    "CheckoutLine",
    "Fulfillment",
    "FulfillmentLine",
    "Invoice",
    "InvoiceNumberSequence",
    "Order",
    "OrderEvent",
    "OrderLine",
    "OrderNumberSequence",
    "Payment",
    "PaymentTransaction",
    "Refund",
    "ReturnLine",
    "ReturnPhoto",
    "ReturnReason",
    "ReturnRequest",
    "ReturnStatus",
    "ShippingMethod",
    "StripeEvent",
    "Voucher",
    "VoucherUsage",
]
