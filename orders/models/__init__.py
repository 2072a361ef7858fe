from orders.models.checkout import Checkout, CheckoutLine, ShippingMethod, Voucher, VoucherUsage
from orders.models.document import Invoice
from orders.models.fulfillment import Fulfillment, FulfillmentLine
from orders.models.order import Order, OrderEvent, OrderLine
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
    "Order",
    "OrderEvent",
    "OrderLine",
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
